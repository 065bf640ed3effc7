/// The per-command counters of a Postfix `disconnect from` line (Postfix >= 3.0):
/// `ehlo=1 mail=0/1 rcpt=2/3 quit=1 commands=4/6`. `name=N` means N sent, all good;
/// `name=G/N` means N sent, G accepted.
struct DisconnectCounters {
  var sent = CommandCounts()
  var failed = CommandCounts()
  var hasCounters = false
  var anyFailed = false

  static func parse(_ line: ByteView, from start: Int) -> DisconnectCounters {
    var counters = DisconnectCounters()
    var i = start
    let n = line.count
    while i < n {
      while i < n, line[i] == ASCII.space { i += 1 }
      let nameStart = i
      while i < n, line[i] != ASCII.equals, line[i] != ASCII.space { i += 1 }
      guard i < n, line[i] == ASCII.equals else {
        while i < n, line[i] != ASCII.space { i += 1 }
        continue
      }
      let name = line.slice(nameStart, i)
      i += 1
      guard let first = line.decimal(at: i, maxDigits: 9) else { continue }
      var good = first.value
      var total = first.value
      i = first.end
      if i < n, line[i] == ASCII.slash, let second = line.decimal(at: i + 1, maxDigits: 9) {
        total = second.value
        i = second.end
      }
      if name.count == 8, name.hasPrefix("commands") { counters.hasCounters = true; continue }
      guard let command = command(named: name) else { continue }
      counters.hasCounters = true
      counters.sent.add(command, total)
      if total > good {
        counters.failed.add(command, total - good)
        counters.anyFailed = true
      }
      good = 0
    }
    return counters
  }

  private static func command(named name: ByteView) -> SMTPCommand? {
    if name.count == 7, name.hasPrefix("unknown") { return .unknown }
    if let c = SMTPCommand(name: name), c != .connect, c != .endOfData { return c }
    return nil
  }
}
