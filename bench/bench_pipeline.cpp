// SPDX-License-Identifier: GPL-2.0-or-later
// Throughput of the stages on a synthetic capture held in memory: reading
// alone, reading + decoding, the whole pipeline without output, and the
// whole pipeline writing the NDJSON packet list to /dev/null.
#include <benchmark/benchmark.h>

#include <cstdio>

#include "synthetic_capture.hpp"
#include "tracelab/capture.hpp"
#include "tracelab/decode.hpp"
#include "tracelab/output.hpp"
#include "tracelab/pipeline.hpp"

using namespace tracelab;

namespace {

const std::string& capture() {
  static const std::string c = bench::synthetic_tcp_pcap(2000, 20);
  return c;
}

std::span<const uint8_t> bytes() {
  return {reinterpret_cast<const uint8_t*>(capture().data()), capture().size()};
}

void BM_Read(benchmark::State& state) {
  for (auto _ : state) {
    CaptureError err;
    auto src = open_capture_memory(bytes(), "synthetic", err);
    Record rec;
    uint64_t n = 0;
    while (src->next(rec)) n += rec.caplen;
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * capture().size()));
}
BENCHMARK(BM_Read);

void BM_ReadDecode(benchmark::State& state) {
  for (auto _ : state) {
    CaptureError err;
    auto src = open_capture_memory(bytes(), "synthetic", err);
    Record rec;
    DecodedPacket p;
    Defragmenter defrag;
    uint64_t n = 0;
    while (src->next(rec))
      n += decode_packet(rec, p, &defrag) ? p.payload_len : 0;
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * capture().size()));
}
BENCHMARK(BM_ReadDecode);

void BM_PipelineSessions(benchmark::State& state) {
  for (auto _ : state) {
    CaptureError err;
    auto src = open_capture_memory(bytes(), "synthetic", err);
    PipelineOptions opt;
    opt.progress = false;
    opt.columns = false;
    auto r = run_pipeline(*src, opt, nullptr, nullptr);
    benchmark::DoNotOptimize(r.records);
  }
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * capture().size()));
}
BENCHMARK(BM_PipelineSessions);

void BM_PipelinePacketListJson(benchmark::State& state) {
  FILE* devnull = std::fopen("/dev/null", "w");
  for (auto _ : state) {
    CaptureError err;
    auto src = open_capture_memory(bytes(), "synthetic", err);
    PipelineOptions opt;
    opt.progress = false;
    opt.flow.keep_events = false;
    OutputOptions oo;
    auto sink = make_packet_list_json(devnull, oo);
    auto r = run_pipeline(*src, opt, sink.get(), nullptr);
    benchmark::DoNotOptimize(r.records);
  }
  std::fclose(devnull);
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * capture().size()));
}
BENCHMARK(BM_PipelinePacketListJson);

}  // namespace

BENCHMARK_MAIN();
