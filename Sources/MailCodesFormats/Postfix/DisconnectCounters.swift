import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The per-command counters of a Postfix `disconnect from` line (Postfix >= 3.0):
/// `ehlo=1 mail=0/1 rcpt=2/3 quit=1 commands=4/6`. `name=N` means N sent, all good;
/// `name=G/N` means N sent, G accepted.
struct DisconnectCounters {
  var sent = CommandCounts()
  var failed = CommandCounts()
  var hasCounters = false
  var anyFailed = false

  /// Reads the `name=N[/M]` tokens from `start` to the end of the line. Names are matched
  /// case-insensitively (`commands` exactly); a token that is not a counter is skipped.
  public static func parse(_ line: ByteView, from start: Int) -> DisconnectCounters {
    var counters = DisconnectCounters()
    let p = line.base
    let n = line.count
    var i = max(0, start)
    while i < n {
      while i < n, p[i] == ASCII.space { i += 1 }
      let nameStart = i
      i = ByteScan.first(ASCII.equals, or: ASCII.space, in: p, from: i, end: n)
      guard i < n, p[i] == ASCII.equals else { continue }
      let nameEnd = i
      i += 1
      guard let first = line.decimal(at: i, maxDigits: 9) else { continue }
      let good = first.value
      var total = first.value
      i = first.end
      if i < n, p[i] == ASCII.slash, let second = line.decimal(at: i + 1, maxDigits: 9) {
        total = second.value
        i = second.end
      }
      switch counterName(p + nameStart, nameEnd - nameStart) {
      case .commands:
        counters.hasCounters = true
      case .command(let command):
        counters.hasCounters = true
        counters.sent.add(command, total)
        if total > good {
          counters.failed.add(command, total - good)
          counters.anyFailed = true
        }
      case .other:
        break
      }
    }
    return counters
  }

  private enum CounterName {
    case commands
    case command(SMTPCommand)
    case other
  }

  /// What a counter name means: the total `commands`, a command, or nothing known.
  ///
  /// The name is read as one little-endian integer with every byte OR-ed with 0x20, which
  /// lower-cases letters and maps a byte onto a lower-case letter only from its upper-case
  /// twin, so one comparison per candidate is an exact case-insensitive match. The candidates
  /// are the names `SMTPCommand(name:)` knows that can appear before `=` (no spaces), minus
  /// CONNECT and END-OF-DATA, which are not counters.
  @inline(__always)
  private static func counterName(_ p: UnsafePointer<UInt8>, _ length: Int) -> CounterName {
    switch length {
    case 4:
      let word = UInt32(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)) | 0x2020_2020
      switch word {
      case fourCC("helo"): return .command(.helo)
      case fourCC("ehlo"): return .command(.ehlo)
      case fourCC("auth"): return .command(.auth)
      case fourCC("mail"): return .command(.mail)
      case fourCC("rcpt"): return .command(.rcpt)
      case fourCC("data"): return .command(.data)
      case fourCC("bdat"): return .command(.bdat)
      case fourCC("quit"): return .command(.quit)
      case fourCC("rset"): return .command(.rset)
      case fourCC("vrfy"): return .command(.vrfy)
      case fourCC("etrn"): return .command(.etrn)
      case fourCC("noop"): return .command(.noop)
      case fourCC("expn"): return .command(.expn)
      case fourCC("help"): return .command(.help)
      case fourCC("lhlo"): return .command(.ehlo)
      default: return .other
      }
    case 7:
      let low = UInt32(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)) | 0x2020_2020
      let high = UInt32(littleEndian: UnsafeRawPointer(p + 3).loadUnaligned(as: UInt32.self)) | 0x2020_2020
      return low == fourCC("unkn") && high == fourCC("nown") ? .command(.unknown) : .other
    case 8:
      let raw = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
      // `commands` is matched exactly (Postfix writes it in lower case).
      if raw == eightCC("commands") { return .commands }
      return raw | 0x2020_2020_2020_2020 == eightCC("starttls") ? .command(.starttls) : .other
    default:
      return .other
    }
  }

  /// Four ASCII bytes as a little-endian integer, for `switch` cases.
  private static func fourCC(_ s: StaticString) -> UInt32 {
    let p = s.utf8Start
    return UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
  }

  private static func eightCC(_ s: StaticString) -> UInt64 {
    let p = s.utf8Start
    var v: UInt64 = 0
    for i in 0..<8 { v |= UInt64(p[i]) << (8 * i) }
    return v
  }
}
