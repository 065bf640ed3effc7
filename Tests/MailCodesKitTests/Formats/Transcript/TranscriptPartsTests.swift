import Foundation
import Testing

@testable import MailCodesAnalysis
@testable import MailCodesExplain
@testable import MailCodesFormats
@testable import MailCodesInput
@testable import MailCodesKit
@testable import MailCodesKnowledge
@testable import MailCodesPipeline
@testable import MailCodesRendering
@testable import MailCodesSMTP
@testable import MailCodesSupport

/// The small parts of the transcript reader: the command queue, the reply assembler, time
/// stamps in front of lines, and when an input counts as a transcript.
@Suite("Transcript parts")
struct TranscriptPartsTests {
  @Test("the command queue answers in order, also beyond its inline capacity")
  func commandQueue() {
    var queue = CommandQueue()
    queue.push(.connect)
    queue.push(.ehlo)
    #expect(queue.pop() == .connect && queue.first == .ehlo)
    #expect(queue.pop() == .ehlo && queue.pop() == nil && queue.isEmpty)
    queue.push(.mail)
    for _ in 0..<(CommandQueue.capacity + 10) { queue.push(.rcpt) }
    queue.push(.data)
    var popped: [SMTPCommand] = []
    while let command = queue.pop() { popped.append(command) }
    // A long pipelined run keeps its order beyond the inline ring.
    #expect(popped == [.mail] + Array(repeating: .rcpt, count: CommandQueue.capacity + 10) + [.data])
  }

  @Test("the reply assembler joins lines of one code and abandons a reply whose code changes")
  func replyAssembler() {
    var assembler = ReplyAssembler()
    let c250 = ReplyCode(250)!
    let c220 = ReplyCode(220)!
    #expect(!assembler.add(c250, isLast: false, line: 10).complete)
    #expect(!assembler.add(c250, isLast: false, line: 11).complete)
    let done = assembler.add(c250, isLast: true, line: 12)
    #expect(done.complete && done.firstLine == 10 && !done.abandoned && !assembler.inProgress)
    let single = assembler.add(c250, isLast: true, line: 13)
    #expect(single.complete && single.firstLine == 0)
    _ = assembler.add(c220, isLast: false, line: 14)
    let switched = assembler.add(c250, isLast: false, line: 15)
    #expect(switched.abandoned && !switched.complete)
    #expect(assembler.add(c250, isLast: true, line: 16).firstLine == 15)
  }

  @Test(
    "time stamps in front of lines",
    arguments: [
      ("00:12:07.508 <-  220 x", 13, nil as String?),
      ("15:02:11.204518 reply: b'220'", 16, nil),
      ("2026-11-29T09:15:02.151+01:00 <-  220 x", 30, "2026-11-29T09:15:02.151000+01:00"),
      ("2026-11-29 09:15:02 <-  220 x", 20, "2026-11-29T09:15:02"),
      ("[2026-11-29T09:15:02Z]  -> EHLO x", 23, "2026-11-29T09:15:02Z"),
    ])
  func timeStamps(line: String, end: Int, time: String?) {
    withByteView(line) { view in
      let stamp = TimeStampPrefix.skip(view, at: 0, reference: nil)
      #expect(stamp?.end == end)
      #expect(stamp?.time?.description == time)
    }
  }

  @Test("a time of day takes its date from the input's last dated time")
  func timeOfDay() {
    let reference = LogTimestamp(year: 2026, month: 11, day: 28, hour: 23, minute: 59, second: 50)
    withByteView("00:00:05.250 <-  221 bye") { view in
      #expect(
        TimeStampPrefix.skip(view, at: 0, reference: reference)?.time?.description == "2026-11-29T00:00:05.250000")
    }
    withByteView("220 no stamp") { view in #expect(TimeStampPrefix.skip(view, at: 0, reference: reference) == nil) }
  }

  @Test("a transcript must show itself within the first lines, unless --format transcript forces it")
  func detectionWindow() {
    let filler = String(repeating: "note: nothing to see here\n", count: TranscriptParser.detectionWindow)
    let text = filler + "S: 220 mx.example.org ESMTP\nC: QUIT\nS: 221 Bye\n"
    #expect(Engine.events(of: text).isEmpty)
    var options = Engine.options(family: .transcript)
    options.year = 2026
    #expect(TranscriptView.replies(Engine.events(of: text, options: options)) == ["CONNECT 220", "QUIT 221"])
  }

  @Test("ordinary logs are not taken for transcripts")
  func ordinaryLogsStayTheirs() {
    let (summary, _) = Engine.summary(["exim-mainlog", "postfix-syslog.log"].map(Fixtures.lab))
    #expect(summary.inputs.allSatisfy { $0.transcript == nil && $0.formats["transcript"] == nil })
  }
}
