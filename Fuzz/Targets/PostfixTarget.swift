/// Fuzzes the Postfix parser through the whole pipeline (see `FuzzPipeline` for the
/// properties): the family is forced (`--format postfix`) for odd-sized inputs and detected
/// line by line for even-sized ones, so both the parser and the detector meet every mutation.
enum PostfixTarget {
  static func run(_ data: ByteView) {
    FuzzPipeline.run(data, family: .postfix)
  }
}
