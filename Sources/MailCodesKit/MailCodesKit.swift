// The umbrella of the engine: one import for the command line, the tests and library users.
// The layers are their own modules (Docs/Architecture.md shows the graph); this one adds no
// code of its own.
@_exported import MailCodesAnalysis
@_exported import MailCodesExplain
@_exported import MailCodesFormats
@_exported import MailCodesInput
@_exported import MailCodesKnowledge
@_exported import MailCodesPipeline
@_exported import MailCodesRendering
@_exported import MailCodesSMTP
@_exported import MailCodesSupport
