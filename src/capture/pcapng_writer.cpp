// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracelab/pcapng_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tracelab {

namespace {

constexpr uint32_t kShbType = 0x0A0D0D0A;
constexpr uint32_t kIdbType = 1;
constexpr uint32_t kEpbType = 6;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint16_t kOptIfName = 2;
constexpr uint16_t kOptIfTsresol = 9;

constexpr uint32_t pad4(size_t n) {
  return static_cast<uint32_t>((n + 3) & ~size_t{3});
}

}  // namespace

PcapngWriter::~PcapngWriter() {
  close();
}

bool PcapngWriter::open(const std::string& path) {
  close();
  error_.clear();
  path_ = path;
  if (path == "-") {
    f_ = stdout;
    owns_ = false;
  } else {
    f_ = std::fopen(path.c_str(), "wb");
    owns_ = true;
    if (!f_) {
      error_ = path + ": cannot create: " + std::strerror(errno);
      return false;
    }
  }
  // Large buffer: a busy live capture writes many small blocks.
  std::setvbuf(f_, nullptr, _IOFBF, size_t{1} << 20);
  const uint32_t total = 28;
  const uint16_t version[2] = {1, 0};
  const int64_t section_length = -1;  // unknown
  return block_start(kShbType, total) && put(&kByteOrderMagic, 4) &&
         put(version, 4) && put(&section_length, 8) && put(&total, 4);
}

uint32_t PcapngWriter::add_interface(uint32_t link_type, uint32_t snaplen,
                                     const std::string& name) {
  const uint16_t name_len =
      static_cast<uint16_t>(std::min<size_t>(name.size(), 0xfff0));
  const uint32_t opts = 8 /* tsresol */ + (name_len ? 4 + pad4(name_len) : 0) +
                        4 /* end of options */;
  const uint32_t total = 12 + 8 + opts;
  const uint16_t head[2] = {static_cast<uint16_t>(link_type), 0};
  const uint8_t zeros[4] = {0, 0, 0, 0};
  const uint16_t tsresol_hdr[2] = {kOptIfTsresol, 1};
  const uint8_t tsresol[4] = {9, 0, 0, 0};  // nanoseconds
  bool ok = block_start(kIdbType, total) && put(head, 4) && put(&snaplen, 4) &&
            put(tsresol_hdr, 4) && put(tsresol, 4);
  if (ok && name_len) {
    const uint16_t name_hdr[2] = {kOptIfName, name_len};
    ok = put(name_hdr, 4) && put(name.data(), name_len) &&
         put(zeros, pad4(name_len) - name_len);
  }
  ok = ok && put(zeros, 4) && put(&total, 4);
  return interfaces_++;
}

bool PcapngWriter::write(uint32_t interface_id, int64_t ts_ns,
                         std::span<const uint8_t> data, uint32_t wire_len) {
  if (!f_ || !error_.empty()) return false;
  if (interface_id >= interfaces_) {
    error_ = path_ + ": packet for undeclared interface " +
             std::to_string(interface_id);
    return false;
  }
  const uint32_t caplen = static_cast<uint32_t>(data.size());
  const uint32_t total = 32 + pad4(caplen);
  const uint64_t ts = ts_ns < 0 ? 0 : static_cast<uint64_t>(ts_ns);
  const uint32_t fields[5] = {interface_id, static_cast<uint32_t>(ts >> 32),
                              static_cast<uint32_t>(ts), caplen,
                              std::max(wire_len, caplen)};
  const uint8_t zeros[4] = {0, 0, 0, 0};
  if (!(block_start(kEpbType, total) && put(fields, sizeof fields) &&
        put(data.data(), caplen) && put(zeros, pad4(caplen) - caplen) &&
        put(&total, 4)))
    return false;
  ++packets_;
  return true;
}

bool PcapngWriter::write(uint32_t interface_id, const Record& rec) {
  if (rec.kind != RecordKind::Packet) return true;
  return write(interface_id, rec.ts_ns, {rec.data, rec.caplen}, rec.wire_len);
}

bool PcapngWriter::flush() {
  if (!f_) return false;
  if (std::fflush(f_) != 0 && error_.empty())
    error_ = path_ + ": write error: " + std::strerror(errno);
  return error_.empty();
}

bool PcapngWriter::close() {
  if (!f_) return error_.empty();
  flush();
  if (owns_ && std::fclose(f_) != 0 && error_.empty())
    error_ = path_ + ": write error: " + std::strerror(errno);
  f_ = nullptr;
  return error_.empty();
}

bool PcapngWriter::block_start(uint32_t type, uint32_t total_len) {
  return put(&type, 4) && put(&total_len, 4);
}

bool PcapngWriter::put(const void* p, size_t n) {
  if (!f_) return false;
  if (n && std::fwrite(p, 1, n, f_) != n) {
    if (error_.empty())
      error_ = path_ + ": write error: " + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace tracelab
