// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_support.hpp"

#include <sstream>

#include "test_support.hpp"
#include "tracelab/capture.hpp"
#include "tracelab/pipeline.hpp"

namespace tracelab::test {
namespace fs = std::filesystem;

namespace {

class Collect final : public FrameSink {
 public:
  explicit Collect(Columns& out) : out_(out) {}
  void frame(const FrameView& f) override {
    out_[f.number] = {std::string(f.protocol), std::string(f.info)};
  }

 private:
  Columns& out_;
};

}  // namespace

Columns our_columns(const fs::path& capture,
                    const std::vector<std::string>& keylogs) {
  Columns cols;
  CaptureError err;
  auto src = open_capture_file(capture.string(), err);
  if (!src) return cols;
  PipelineOptions opt;
  opt.progress = false;
  opt.flow.keep_events = false;
  for (const auto& k : keylogs) opt.dissector_settings.keylogs.add(k);
  Collect sink(cols);
  run_pipeline(*src, opt, &sink, nullptr);
  return cols;
}

Columns tsv_columns(const std::string& text) {
  Columns cols;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    size_t start = 0;
    for (;;) {
      const size_t tab = line.find('\t', start);
      f.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (f.size() < 9 || f[0].empty() || f[0][0] < '0' || f[0][0] > '9')
      continue;
    cols[std::stoull(f[0])] = {f[6], f[8]};
  }
  return cols;
}

Columns tshark_columns(const fs::path& capture, const fs::path& keylog) {
  if (!have_tool("tshark")) return {};
  std::string cmd = "tshark -n -r " + sh_quote(capture.string());
  cmd += " -o " + sh_quote("tls.keylog_file:" + keylog.string());
  cmd +=
      " -T fields -E separator=/t -e frame.number -e frame.time_relative"
      " -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e _ws.col.Protocol"
      " -e frame.len -e _ws.col.Info 2>/dev/null";
  return tsv_columns(run_oracle(cmd, capture));
}

std::vector<fs::path> tls_captures() {
  std::vector<fs::path> out;
  for (const auto& f : shared_capture_files())
    if (f.parent_path().filename() == "tls") out.push_back(f);
  for (const auto& f : sample_capture_files()) {
    const std::string name = f.filename().string();
    // smtp-starttls and the like belong to their protocols' tests.
    if (name.rfind("tls", 0) == 0 || name.find("https") != name.npos)
      out.push_back(f);
  }
  return out;
}

std::string normalized(const std::string& s) {
  std::string out;
  bool blank = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

}  // namespace tracelab::test
