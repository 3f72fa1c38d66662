// SPDX-License-Identifier: GPL-2.0-or-later
//
// The session model: order of first frames, links that arrive after a
// session ended, follow-ups that never came, and its memory bound.
#include <doctest/doctest.h>

#include "tracelab/findings.hpp"
#include "tracelab/model.hpp"

using namespace tracelab;

namespace {

constexpr int64_t kSec = 1'000'000'000;

struct Collect : SessionSink {
  std::vector<Session> out;
  bool finished = false;
  void session_done(Session&& s) override { out.push_back(std::move(s)); }
  void finish() override { finished = true; }
  std::vector<uint64_t> ids() const {
    std::vector<uint64_t> v;
    for (const auto& s : out) v.push_back(s.id);
    return v;
  }
};

Session session(uint64_t id, int64_t end_s) {
  Session s;
  s.id = id;
  s.start_ns = s.end_ns = end_s * kSec;
  return s;
}

}  // namespace

TEST_CASE("sessions are handed on in the order they began") {
  Collect c;
  auto m = make_session_model(c);
  m->session_done(session(2, 1));
  m->session_done(session(0, 2));
  m->clock(100 * kSec);
  // 1 is still open: 0 may go, 2 waits for it.
  CHECK(c.ids() == std::vector<uint64_t>{0});
  m->session_done(session(1, 100));
  m->clock(111 * kSec);
  CHECK(c.ids() == std::vector<uint64_t>{0, 1, 2});
  m->finish();
  CHECK(c.finished);
}

TEST_CASE("a finished session lingers 10 s of capture time for late links") {
  Collect c;
  auto m = make_session_model(c);
  m->session_done(session(0, 5));
  m->clock(9 * kSec);
  CHECK(c.out.empty());
  m->late_link(0, {1, LinkWhy::TlsResumedBy}, "sid:1");
  m->clock(15 * kSec);
  REQUIRE(c.out.size() == 1);
  CHECK(c.out[0].related == std::vector<Link>{{1, LinkWhy::TlsResumedBy}});
  // Too late now: the link is dropped, nothing is printed twice.
  m->late_link(0, {2, LinkWhy::TlsResumedBy}, "sid:1");
  m->finish();
  CHECK(c.out.size() == 1);
}

TEST_CASE("a link to a session still open is attached when it finishes") {
  Collect c;
  auto m = make_session_model(c);
  m->late_link(0, {3, LinkWhy::FtpData}, {});
  m->session_done(session(0, 1));
  m->finish();
  REQUIRE(c.out.size() == 1);
  CHECK(c.out[0].related == std::vector<Link>{{3, LinkWhy::FtpData}});
}

namespace {

Session redirecting(uint64_t id) {
  Session s = session(id, 1);
  Session::Awaiting a;
  a.key = "https:tl-server.test";
  a.deadline_ns = 61 * kSec;
  a.finding = findings::make(findings::kHttpRedirectNotFollowed, 6,
                             "https://tl-server.test/");
  s.awaiting.push_back(std::move(a));
  return s;
}

}  // namespace

TEST_CASE("a follow-up that comes is a link, one that does not a finding") {
  SUBCASE("followed") {
    Collect c;
    auto m = make_session_model(c);
    m->session_done(redirecting(0));
    m->clock(30 * kSec);
    CHECK(c.out.empty());  // waiting for the redirect to be followed
    m->late_link(0, {1, LinkWhy::RedirectFollowedBy}, "https:tl-server.test");
    m->clock(41 * kSec);
    REQUIRE(c.out.size() == 1);
    CHECK(c.out[0].findings.empty());
    CHECK(c.out[0].related ==
          std::vector<Link>{{1, LinkWhy::RedirectFollowedBy}});
  }
  SUBCASE("another key does not count") {
    Collect c;
    auto m = make_session_model(c);
    m->session_done(redirecting(0));
    m->late_link(0, {1, LinkWhy::RedirectFollowedBy}, "https:elsewhere.test");
    m->clock(60 * kSec);
    CHECK(c.out.empty());
    m->clock(62 * kSec);  // past the deadline
    REQUIRE(c.out.size() == 1);
    REQUIRE(c.out[0].findings.size() == 1);
    CHECK(std::string_view(c.out[0].findings[0].id) ==
          findings::kHttpRedirectNotFollowed);
    CHECK(c.out[0].findings[0].frames == std::vector<uint64_t>{6});
  }
  SUBCASE("the capture ends first") {
    Collect c;
    auto m = make_session_model(c);
    m->session_done(redirecting(0));
    m->finish();
    REQUIRE(c.out.size() == 1);
    CHECK(c.out[0].findings.size() == 1);
  }
}

TEST_CASE("held sessions are bounded: past the bound the oldest goes on") {
  Collect c;
  auto m = make_session_model(c);
  // Session 0 never finishes; every later one waits behind it.
  for (uint64_t id = 1; id <= 5000; ++id) m->session_done(session(id, 1));
  m->clock(100 * kSec);
  CHECK(c.out.size() >= 5000 - 4096);
  CHECK(c.out.front().id == 1);
  m->finish();
  CHECK(c.out.size() == 5000);
  for (size_t i = 1; i < c.out.size(); ++i)
    CHECK(c.out[i - 1].id < c.out[i].id);
}

TEST_CASE("lingering sessions with many steps go on before they pile up") {
  Collect c;
  auto m = make_session_model(c);
  m->clock(1 * kSec);
  // Long dialogs that just ended: each would linger 10 s, but together they
  // hold more steps than the model keeps (300,000).
  for (uint64_t id = 0; id < 4; ++id) {
    Session s = session(id, 1);
    s.events.resize(120000);
    m->session_done(std::move(s));
  }
  // 4 x 120,000 > 300,000: the oldest went on at once, the rest linger.
  CHECK(c.ids() == std::vector<uint64_t>{0, 1});
  m->finish();
  CHECK(c.ids() == std::vector<uint64_t>{0, 1, 2, 3});
}
