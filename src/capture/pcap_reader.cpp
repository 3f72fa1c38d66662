// SPDX-License-Identifier: GPL-2.0-or-later
//
// Classic pcap: a 24-byte file header, then records of a 16-byte header
// (24 bytes in the "modified" variant) followed by caplen bytes.
#include "pcap_reader.hpp"

#include "byte_order.hpp"

namespace tracelab::capture {

namespace {

constexpr uint32_t kMagicMicro = 0xa1b2c3d4;
constexpr uint32_t kMagicNano = 0xa1b23c4d;
// Alexey Kuznetzov's patched libpcap: same file header, and each record
// header has 8 more bytes (ifindex, protocol, packet type, padding).
constexpr uint32_t kMagicModified = 0xa1b2cd34;
constexpr size_t kFileHeaderLen = 24;

struct Magic {
  bool valid = false;
  bool swap = false;
  bool nano = false;
  bool modified = false;
};

Magic classify(const uint8_t* p) {
  uint32_t host = load_u32(p, false);
  for (bool swap : {false, true}) {
    uint32_t v = swap ? __builtin_bswap32(host) : host;
    if (v == kMagicMicro) return {true, swap, false, false};
    if (v == kMagicNano) return {true, swap, true, false};
    if (v == kMagicModified) return {true, swap, false, true};
  }
  return {};
}

class PcapReader final : public ReaderBase {
 public:
  PcapReader(std::unique_ptr<ByteInput> in, std::string name, Magic m)
      : ReaderBase(std::move(in), std::move(name)),
        swap_(m.swap),
        frac_to_ns_(m.nano ? 1 : 1000),
        record_header_len_(m.modified ? 24 : 16) {}

  // A truncated file header is damage like any other, reported by the
  // first next() (as pcapng's truncated section header is): same message
  // form, same exit status.
  void open() {
    if (!in_->ensure(kFileHeaderLen)) {
      fail_short(0, "pcap file header");
      stopped_ = true;
      return;
    }
    const uint8_t* p = in_->data();
    InterfaceInfo iface;
    iface.snaplen = load_u32(p + 16, swap_);
    // The upper bits of the link-type field carry FCS information.
    iface.link_type = load_u32(p + 20, swap_) & 0xffff;
    iface.ticks_per_second = frac_to_ns_ == 1 ? 1000000000 : 1000000;
    interfaces_.push_back(iface);
    in_->consume(kFileHeaderLen);
  }

  bool next(Record& rec) override {
    if (stopped_) return false;
    const uint64_t at = in_->position();
    if (!in_->ensure(record_header_len_)) {
      stopped_ = true;
      if (in_->available() == 0 && in_->io_error().empty()) return false;
      return fail_short(at, "record header");
    }
    const uint8_t* p = in_->data();
    const uint32_t caplen = load_u32(p + 8, swap_);
    const uint32_t wire_len = load_u32(p + 12, swap_);
    const InterfaceInfo& iface = interfaces_[0];
    if (caplen > kMaxCaplen) {
      stopped_ = true;
      return fail(at, "record caplen " + std::to_string(caplen) +
                          " exceeds the maximum of " +
                          std::to_string(kMaxCaplen));
    }
    // Wireshark reads records longer than the snaplen or shorter on the
    // wire than captured without complaint, and numbers the frames after
    // them; so do we, with a warning, to keep frame numbers aligned.
    if (iface.snaplen != 0 && caplen > iface.snaplen)
      warn_once(warned_snaplen_, at,
                "record caplen " + std::to_string(caplen) +
                    " exceeds the file's snaplen " +
                    std::to_string(iface.snaplen));
    if (caplen > wire_len)
      warn_once(warned_wire_len_, at,
                "record caplen " + std::to_string(caplen) +
                    " exceeds its original length " + std::to_string(wire_len));
    const size_t total = record_header_len_ + caplen;
    if (!in_->ensure(total)) {
      stopped_ = true;
      return fail_short(at, "record");
    }
    p = in_->data();
    const uint64_t secs = load_u32(p, swap_);
    const uint64_t frac = load_u32(p + 4, swap_);
    rec = Record{};
    rec.link_type = iface.link_type;
    rec.ts_ns = static_cast<int64_t>(secs * 1000000000 + frac * frac_to_ns_);
    rec.caplen = caplen;
    rec.wire_len = wire_len < caplen ? caplen : wire_len;
    rec.data = p + record_header_len_;
    rec.file_offset = at;
    in_->consume(total);
    return true;
  }

  CaptureFormat format() const override { return CaptureFormat::Pcap; }

 private:
  void warn_once(bool& warned, uint64_t at, const std::string& what) {
    if (warned) return;
    warned = true;
    warnings_.push_back(name_ + ": offset " + std::to_string(at) + ": " + what +
                        " (read anyway)");
  }

  bool swap_;
  bool warned_snaplen_ = false;
  bool warned_wire_len_ = false;
  uint64_t frac_to_ns_;
  size_t record_header_len_;
};

}  // namespace

bool is_pcap_magic(const uint8_t* first4) {
  return classify(first4).valid;
}

std::unique_ptr<CaptureSource> make_pcap_reader(std::unique_ptr<ByteInput> in,
                                                std::string name,
                                                CaptureError& err) {
  if (!in->ensure(4)) {
    err = {name, 0, "file too short for a pcap header"};
    return nullptr;
  }
  Magic m = classify(in->data());
  if (!m.valid) {
    err = {name, 0, "not a pcap file (bad magic number)"};
    return nullptr;
  }
  auto r = std::make_unique<PcapReader>(std::move(in), std::move(name), m);
  r->open();
  return r;
}

}  // namespace tracelab::capture
