// SPDX-License-Identifier: GPL-2.0-or-later
//
// The pcapng writer (read back by our reader and by tshark) and live
// capture on the loopback interface (skipped without permission).
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "capture_builder.hpp"
#include "test_support.hpp"
#include "tracelab/live.hpp"
#include "tracelab/pcapng_writer.hpp"

using namespace tracelab;
using namespace tracelab::test;

TEST_CASE("pcapng writer: what it writes reads back, here and in tshark") {
  const auto dir = temp_dir("capture");
  const std::string path = (dir / "out.pcapng").string();
  PcapngWriter w;
  REQUIRE(w.open(path));
  CHECK(w.add_interface(kLinkEthernet, 262144, "eth9") == 0);
  CHECK(w.add_interface(kLinkRaw, 128) == 1);
  const Bytes a = payload(61, 1), b = payload(20, 2), c = payload(1, 3);
  CHECK(w.write(0, 1'700000000'123456789ll, a, 1514));
  CHECK(w.write(1, 1'700000001'000000001ll, b, 20));
  Record rec;
  rec.ts_ns = 1'700000002'000000005ll;
  rec.caplen = rec.wire_len = 1;
  rec.data = c.data();
  CHECK(w.write(0, rec));
  CHECK_FALSE(w.write(7, 0, a, 61));  // undeclared interface
  CHECK_FALSE(w.close());             // the bad write is reported
  CHECK(w.packets_written() == 3);

  ReadResult r;
  auto src = open_capture_file(path, r.open_error);
  REQUIRE(src);
  r = drain(*src);
  CHECK_FALSE(r.error);
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[0].rec.ts_ns == 1'700000000'123456789ll);
  CHECK(r.records[0].rec.wire_len == 1514);
  CHECK(r.records[0].data == a);
  CHECK(r.records[1].rec.link_type == kLinkRaw);
  CHECK(r.records[1].data == b);
  CHECK(r.records[2].data == c);
  REQUIRE(r.interfaces.size() == 2);
  CHECK(r.interfaces[0].name == "eth9");
  CHECK(r.interfaces[0].ticks_per_second == 1000000000);
  CHECK(r.interfaces[1].snaplen == 128);

  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  int status = 0;
  std::string out = run("tshark -n -r " + sh_quote(path) +
                            " -T fields -e frame.number -e frame.time_epoch "
                            "-e frame.cap_len -e frame.len 2>&1",
                        &status);
  CHECK(status == 0);
  CHECK(out.find("1\t1700000000.123456789\t61\t1514\n") != std::string::npos);
  CHECK(out.find("2\t1700000001.000000001\t20\t20\n") != std::string::npos);
  CHECK(out.find("3\t1700000002.000000005\t1\t1\n") != std::string::npos);
  CHECK(out.find("damaged") == std::string::npos);
}

TEST_CASE("live capture: clear error for a missing interface or bad filter") {
  LiveOptions opt;
  opt.interface = "no-such-interface0";
  CaptureError err;
  CHECK_FALSE(LiveCapture::open(opt, err));
  CHECK(err.file == "no-such-interface0");
  CHECK_FALSE(err.message.empty());
}

TEST_CASE("live capture: loopback packets, filter, stats and stop") {
  LiveOptions opt;
  opt.interface = "lo";
  opt.bpf = "udp port 45679";
  CaptureError err;
  auto live = LiveCapture::open(opt, err);
  if (!live) {
    MESSAGE("skipped: cannot capture on lo: " << err.to_string());
    return;
  }
  LiveOptions bad = opt;
  bad.bpf = "udp prt 1";
  CaptureError bad_err;
  CHECK_FALSE(LiveCapture::open(bad, bad_err));
  CHECK(bad_err.message.find("filter") != std::string::npos);

  // A watchdog so a lost packet cannot hang the test.
  std::atomic<bool> finished{false};
  std::thread watchdog([&finished] {
    for (int i = 0; i < 500 && !finished.load(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!finished.load()) stop_live_captures();
  });
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  REQUIRE(s >= 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(45679);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const char msg[] = "tracelab live test";
  for (int i = 0; i < 3; ++i)
    sendto(s, msg, sizeof msg, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  close(s);

  Record rec;
  REQUIRE(live->next(rec));
  CHECK(rec.link_type == live->interfaces()[0].link_type);
  CHECK(rec.caplen > sizeof msg);
  CHECK(std::string(
            reinterpret_cast<const char*>(rec.data) + rec.caplen - sizeof msg,
            sizeof msg - 1) == "tracelab live test");
  CHECK(rec.ts_ns > 1'600000000'000000000ll);
  auto st = live->stats();
  REQUIRE(st);
  CHECK(st->received >= 1);

  finished = true;
  watchdog.join();
  live->stop();  // what a signal handler does
  CHECK_FALSE(live->next(rec));
  CHECK(live->stopped());
  CHECK_FALSE(live->error());
}
