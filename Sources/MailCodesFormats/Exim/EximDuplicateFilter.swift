import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// Counts a rejection once when Exim wrote it to both the mainlog and the rejectlog.
///
/// Exim writes every rejection with `LOG_MAIN|LOG_REJECT` (smtp_in.c, receive.c), so the same
/// line, byte for byte and with the same timestamp, appears in both files. The two files are
/// separate inputs, read one after the other, so the filter keeps a fingerprint (log time and
/// the text after the timestamp) of every rejection line it has seen, with the input it came
/// from and how many copies that input had. A line whose fingerprint was seen in *another*
/// input consumes one of those copies and is a duplicate; repeats within one input (two equal
/// refusals in the same second) are genuine and all count.
///
/// Bounded: at most `capacity` fingerprints are kept, the oldest forgotten first. A rejectlog
/// read after a mainlog with more rejections than that would count the forgotten ones twice;
/// the default (about a million lines) covers a busy server's daily logs.
public struct EximDuplicateFilter {
  private struct Entry {
    var input: UInt32
    var copies: UInt32
  }

  let capacity: Int
  private var entries: [UInt64: Entry] = [:]
  private var ring: [UInt64] = []
  private var ringHead = 0
  private var input: UInt32 = 0
  /// Lines dropped as copies of a line from another input.
  private(set) var duplicates = 0

  public init(capacity: Int = 1 << 20) {
    self.capacity = max(1, capacity)
  }

  /// Whether the filter is in use. A run of one input cannot hold a copy from another input,
  /// so the pipeline turns it off then, and every line is its own (no fingerprints).
  public var isEnabled = true

  /// No rejection was seen (a run without Exim rejections never consulted the filter).
  public var isEmpty: Bool { entries.isEmpty }

  /// The next input begins: copies from now on are matched against the earlier inputs.
  mutating func beginInput() { input &+= 1 }

  /// Whether a line with `fingerprint` repeats a line of another input (and is to be skipped).
  mutating func isDuplicate(_ fingerprint: UInt64) -> Bool {
    if let index = entries.index(forKey: fingerprint) {
      let entry = entries.values[index]
      if entry.input == input {
        entries.values[index].copies &+= 1
        return false
      }
      if entry.copies > 0 {
        entries.values[index].copies -= 1
        duplicates += 1
        return true
      }
      entries.values[index] = Entry(input: input, copies: 1)
      return false
    }
    if ring.count < capacity {
      ring.append(fingerprint)
    } else {
      entries[ring[ringHead]] = nil
      ring[ringHead] = fingerprint
      ringHead = (ringHead + 1) % capacity
    }
    entries[fingerprint] = Entry(input: input, copies: 1)
    return false
  }

  /// A hash of the log time and `text`, equal for the mainlog and rejectlog copies of a line:
  /// FNV-1a over 8-byte words (and the last bytes one by one), each step mixed.
  static func fingerprint(time: LogTimestamp?, text: ByteView) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    if let time {
      hash = (hash ^ UInt64(bitPattern: time.wallSeconds)) &* 0x0000_0100_0000_01B3
      hash = (hash ^ UInt64(UInt32(bitPattern: time.microseconds))) &* 0x0000_0100_0000_01B3
    }
    let p = text.base
    let n = text.count
    var i = 0
    while i + 8 <= n {
      hash = (hash ^ ByteScan.load(p, i)) &* 0x0000_0100_0000_01B3
      hash ^= hash >> 29
      i += 8
    }
    while i < n {
      hash = (hash ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3
      i += 1
    }
    return hash ^ UInt64(n)
  }
}
