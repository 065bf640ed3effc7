import Testing

@testable import MailCodesSupport

/// `TextLayout.wrap(_:lead:indent:width:)`: the comma that ends a broken line counts in its
/// width.
@Suite("Text layout: lists of items")
struct TextLayoutWrapTests {
  @Test("no line is wider than the width, whatever the item lengths (items shorter than the width)")
  func neverWider() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2_000 {
      let width = Int.random(in: 30...100, using: &generator)
      let items = (0..<Int.random(in: 1...30, using: &generator)).map { _ in
        String(repeating: "x", count: Int.random(in: 1...(width - 12), using: &generator))
      }
      let lines = TextLayout.wrap(items, lead: "  clients: ", indent: "           ", width: width)
      for line in lines { #expect(line.count <= width, "\(items) at \(width): \(line)") }
      #expect(lines.joined().filter { $0 == "x" }.count == items.reduce(0) { $0 + $1.count })
    }
  }

  @Test("a line that fills the width exactly before a break keeps its comma inside it")
  func exactFit() {
    // "ab: " + "1234" + ", " + "5678" is 14 columns; with a next item the comma makes 15.
    let lines = TextLayout.wrap(["1234", "5678", "9"], lead: "ab: ", indent: "    ", width: 14)
    #expect(lines == ["ab: 1234,", "    5678, 9"])
  }
}
