import MailCodesInput
import MailCodesKnowledge
import MailCodesSMTP
import MailCodesSupport

/// The Postfix program behind a syslog tag, from its last path component.
///
/// Any syslog name works: `postfix/smtpd`, `postfix/submission/smtpd`, `postfix-out/smtp`,
/// `postfix-mx/content-filter/smtp`, a custom `-o syslog_name=mysubmission` (`mysubmission/smtpd`).
/// A tag is Postfix when it starts with `postfix` or when it has a `/` and its last component
/// is a Postfix daemon name.
public enum PostfixDaemon: UInt8 {
  case notPostfix = 0
  case smtpd, postscreen, smtp, lmtp, cleanup, qmgr, bounce, error, local, virtual, pipe, pickup, discard
  /// Another Postfix program (master, anvil, scache, tlsmgr, postlogd...): nothing about replies.
  case other
  /// A Postfix tag that names no daemon (`postfix`, `postfix-out`: rsyslog's RFC 5424 APP-NAME
  /// cut at the slash): each line's daemon is read from its message (`PostfixDaemonGuess`).
  case unnamed

  public static func classify(_ tag: ByteView) -> PostfixDaemon {
    guard tag.count > 0 else { return .notPostfix }
    let slash = tag.lastIndex(of: ASCII.slash)
    let last = slash.map { tag.suffix(from: $0 + 1) } ?? tag
    let isPostfixName = tag.hasPrefix("postfix")
    guard isPostfixName || slash != nil else { return .notPostfix }
    if slash == nil { return .unnamed }
    let daemon = byName(last)
    if daemon == .other && !isPostfixName && !knownOther(last) { return .notPostfix }
    return daemon
  }

  private static func byName(_ n: ByteView) -> PostfixDaemon {
    switch n.count {
    case 3 where n.hasPrefix("smtp"): return .other
    case 4:
      if n.hasPrefix("smtp") { return .smtp }
      if n.hasPrefix("lmtp") { return .lmtp }
      if n.hasPrefix("qmgr") { return .qmgr }
      if n.hasPrefix("pipe") { return .pipe }
    case 5:
      if n.hasPrefix("smtpd") { return .smtpd }
      if n.hasPrefix("error") { return .error }
      if n.hasPrefix("local") { return .local }
      if n.hasPrefix("retry") { return .error }
    case 6:
      if n.hasPrefix("bounce") { return .bounce }
      if n.hasPrefix("pickup") { return .pickup }
    case 7:
      if n.hasPrefix("cleanup") { return .cleanup }
      if n.hasPrefix("virtual") { return .virtual }
      if n.hasPrefix("discard") { return .discard }
      if n.hasPrefix("nqmgr") { return .qmgr }
    case 10:
      if n.hasPrefix("postscreen") { return .postscreen }
    default:
      break
    }
    return .other
  }

  private static func knownOther(_ n: ByteView) -> Bool {
    for name: StaticString in [
      "master", "anvil", "scache", "tlsmgr", "tlsproxy", "dnsblog", "postlogd", "verify", "trivial-rewrite",
      "proxymap", "proxywrite", "showq", "flush", "oqmgr", "spawn", "postdrop", "sendmail", "postqueue",
      "postsuper", "postmap", "postfix-script", "postmulti", "postconf", "sendmail",
    ] where n.count == name.utf8CodeUnitCount && n.hasPrefix(name) {
      return true
    }
    return false
  }
}
