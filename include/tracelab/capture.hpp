// SPDX-License-Identifier: GPL-2.0-or-later
//
// Capture sources: the first stage of the pipeline.
//
// A CaptureSource yields records one at a time from a pcap or pcapng file
// (plain or gzip-compressed, detected by magic number, never by name) or from
// a live interface.  Records point into the source's own buffer and stay valid
// only until the next call to next(); nothing here allocates per packet.
//
// Damage is never fatal to what came before it: next() returns false, and
// error() then says which file and byte offset could not be read and why.
// Everything returned before that point is good data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tracelab {

/// Link-layer header types we decode (values are the LINKTYPE_* registry).
enum LinkType : uint32_t {
  kLinkNull = 0,         ///< BSD loopback: 4-byte host-order address family
  kLinkEthernet = 1,     ///< Ethernet II / 802.3
  kLinkRaw = 101,        ///< raw IPv4 or IPv6, version from the first nibble
  kLinkLoop = 108,       ///< OpenBSD loopback: network-order address family
  kLinkLinuxSll = 113,   ///< Linux cooked capture v1
  kLinkIpv4 = 228,       ///< raw IPv4
  kLinkIpv6 = 229,       ///< raw IPv6
  kLinkLinuxSll2 = 276,  ///< Linux cooked capture v2
};

/// One capture interface (pcap has exactly one; pcapng one per IDB).
struct InterfaceInfo {
  uint32_t link_type = kLinkEthernet;
  uint32_t snaplen = 0;     ///< 0 means "no limit"
  std::string name;         ///< if_name option, or empty
  std::string description;  ///< if_description option, or empty
  /// Timestamp units: ticks per second (1e6 for pcap µs, 1e9 for ns, etc.).
  uint64_t ticks_per_second = 1000000;
  /// if_tsoffset, seconds added to every timestamp on this interface.
  int64_t ts_offset_seconds = 0;
};

/// What a record is.  tshark 4.0 lists pcapng Custom Blocks as rows of their
/// own ("PCAPNG" protocol) and numbers them like frames, so we surface them
/// too in order to keep frame numbers aligned with Wireshark's.
enum class RecordKind : uint8_t {
  Packet,       ///< a captured frame
  CustomBlock,  ///< pcapng Custom Block (0x00000BAD or 0x40000BAD)
  /// A record a host reader numbers as a frame but that carries no packet
  /// (Wireshark's systemd journal entries, file-specific events): counted,
  /// so frame numbers stay the host's, and otherwise passed over.
  Other,
};

/// One record from a capture source.  `data` is valid until the next call to
/// CaptureSource::next().
struct Record {
  RecordKind kind = RecordKind::Packet;
  uint32_t interface_id = 0;  ///< index into CaptureSource::interfaces()
  uint32_t link_type = kLinkEthernet;
  bool has_timestamp = true;  ///< false for SPB and custom blocks
  int64_t ts_ns = 0;          ///< nanoseconds since the Unix epoch
  uint32_t caplen = 0;        ///< bytes present in `data`
  uint32_t wire_len = 0;      ///< original length on the wire (>= caplen)
  const uint8_t* data = nullptr;
  uint64_t file_offset = 0;  ///< where the record's header starts in the
                             ///< (decompressed) stream
  /// Custom Block only: the Private Enterprise Number and whether the block
  /// may be copied (0x00000BAD) or not (0x40000BAD).
  uint32_t custom_pen = 0;
  bool custom_copyable = false;
};

/// A TLS (or other) key log carried in a pcapng Decryption Secrets Block.
struct DecryptionSecret {
  uint32_t secrets_type = 0;  ///< 0x544c534b = "TLSK", the NSS key log format
  std::string data;           ///< the secrets, as stored
  uint64_t file_offset = 0;
};

/// Where and why reading stopped early.
struct CaptureError {
  std::string file;
  uint64_t offset = 0;  ///< byte offset in the (decompressed) stream
  std::string message;
  /// "FILE: offset N: MESSAGE", the form every user-visible error takes.
  std::string to_string() const;
};

/// The container format, as detected from the magic number.
enum class CaptureFormat : uint8_t { Pcap, PcapNg, Live };

class CaptureSource {
 public:
  virtual ~CaptureSource() = default;

  /// Reads the next record.  Returns false at the end of the input or on
  /// damage; error() distinguishes the two.
  virtual bool next(Record& rec) = 0;

  /// Set when next() returned false because the input is damaged.
  virtual const std::optional<CaptureError>& error() const = 0;

  /// Interfaces seen so far (pcapng may add some mid-file).
  virtual const std::vector<InterfaceInfo>& interfaces() const = 0;

  /// Decryption secrets seen so far (pcapng DSB); grows as reading proceeds.
  virtual const std::vector<DecryptionSecret>& secrets() const {
    static const std::vector<DecryptionSecret> none;
    return none;
  }

  /// Bytes consumed from the underlying file so far, and its total size when
  /// known (0 otherwise): for progress reporting.
  virtual uint64_t bytes_consumed() const = 0;
  virtual uint64_t total_bytes() const = 0;

  virtual CaptureFormat format() const = 0;

  /// A non-fatal problem worth telling the user once (for example a block
  /// type we skip); cleared by the caller.  Empty when there is none.
  std::vector<std::string>& warnings() { return warnings_; }

 protected:
  std::vector<std::string> warnings_;
};

/// Opens a capture file, detecting pcap / pcapng / gzip by content.
/// On failure returns nullptr and fills `err`.  "-" reads standard input;
/// pipes and other unseekable files work (total_bytes() is then 0).
///
/// Limits (larger values are damage, as Wireshark treats them): a record's
/// caplen at most 262144 bytes, a pcapng block at most 16 MiB.  A pcap
/// record longer than the snaplen, or with an original length below its
/// caplen, is read with a warning (wire_len is raised to caplen).
///
/// `read_ahead`: a regular file is read on a thread of its own, the next
/// 4 MiB while the caller parses these (the same records either way).
///
/// Filters: tracelab/bpf.hpp.  Live capture: tracelab/live.hpp.  Saving:
/// tracelab/pcapng_writer.hpp.
std::unique_ptr<CaptureSource> open_capture_file(const std::string& path,
                                                 CaptureError& err,
                                                 bool read_ahead = false);

/// Opens a capture held in memory (the fuzzers and tests use it).  `name`
/// appears in error messages.  The bytes must outlive the source.
std::unique_ptr<CaptureSource> open_capture_memory(
    std::span<const uint8_t> bytes, const std::string& name, CaptureError& err);

}  // namespace tracelab
