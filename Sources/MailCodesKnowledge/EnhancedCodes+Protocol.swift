import MailCodesSMTP
import MailCodesSupport

// Reference data: the mail delivery protocol status codes X.5.x (RFC 3463 §3.6, RFC 4954).

extension ReplyCodeReference {
  static func protocolEnhancedCodes() -> [EnhancedCodeEntry] {
    var entries: [EnhancedCodeEntry] = []

    entries.append(
      EnhancedCodeEntry(
        subject: 5, detail: 0, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [503, 550, 554],
        meaning: .init("Other or undefined protocol status", "其他或未定义的协议状态"),
        description: .init(
          "Something was wrong with the SMTP exchange, without a more specific code.",
          "SMTP 交互出了问题，但没有更具体的代码。"),
        whenItAppears: .init(
          "After any command.",
          "可出现在任意命令之后。"),
        clientFix: .init(
          "Read the reply text and check the client's SMTP implementation.",
          "阅读应答文本，检查客户端的 SMTP 实现。"),
        serverFix: .init(
          "Nothing to fix in general.",
          "一般无需处理。"),
        action: .init("The client: read the text.", "客户端：阅读应答文本。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 5, detail: 1, classes: [5], references: ["RFC 3463"], usualBasicCodes: [500, 502, 503, 530, 550],
        meaning: .init("Invalid command", "无效命令"),
        description: .init(
          "A command was out of sequence or unsupported. Postfix uses 5.5.1 for its \"need MAIL/RCPT command\" sequence errors.",
          "命令顺序错误或不受支持。Postfix 用 5.5.1 表示“need MAIL/RCPT command”之类的顺序错误。"),
        whenItAppears: .init(
          "After a command sent out of order or not supported (DATA without RCPT, MAIL before EHLO, VRFY disabled).",
          "在顺序错误或不受支持的命令之后（没有 RCPT 就发送 DATA、EHLO 之前发送 MAIL、VRFY 已禁用）。"),
        clientFix: .init(
          "Fix the command order; if it follows rejected recipients, fix those first.",
          "修正命令顺序；如果它紧跟在被拒绝的收件人之后，先解决那些拒绝。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The client: fix the command order.", "客户端：修正命令顺序。"),
        typicalTexts: [
          .postfix("503 5.5.1 Error: need RCPT command"),
          .postfix("554 5.5.1 Error: no valid recipients"),
          .gmail("502 5.5.1 Unrecognized command."),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 5, detail: 2, classes: [5], references: ["RFC 3463"], usualBasicCodes: [500, 501, 502, 504, 555],
        meaning: .init("Syntax error", "语法错误"),
        description: .init(
          "A command could not be interpreted: wrong syntax or an unrecognized command. RFC 7208 allows 5.5.2 for an SPF permanent error (RFC 7372 later added 5.7.24).",
          "命令无法解析：语法错误或无法识别的命令。RFC 7208 允许用 5.5.2 表示 SPF 永久错误（RFC 7372 后来新增了 5.7.24）。"),
        whenItAppears: .init(
          "After any malformed or unknown command.",
          "在任何格式错误或未知的命令之后。"),
        clientFix: .init(
          "Send well-formed SMTP; look for a middlebox rewriting commands.",
          "发送格式正确的 SMTP；检查是否有中间设备改写了命令。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The client: fix the command syntax.", "客户端：修正命令语法。"),
        typicalTexts: [
          .postfix("502 5.5.2 Error: command not recognized"),
          .gmail("555 5.5.2 Syntax error."),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 5, detail: 3, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [452, 451, 550],
        meaning: .init("Too many recipients", "收件人过多"),
        description: .init(
          "More recipients were given than the server accepts in one transaction. A compliant client sends the remaining recipients in a new transaction, so as 4.5.3 it is harmless.",
          "提供的收件人数超出了服务器在一个事务中接受的数量。符合标准的客户端会在新事务中发送剩余收件人，因此以 4.5.3 出现时并无大碍。"),
        whenItAppears: .init(
          "After the RCPT TO that goes over the limit.",
          "在超出上限的那个 RCPT TO 之后。"),
        clientFix: .init(
          "Nothing for a compliant MTA; otherwise lower the number of recipients per message (use a list server for large distributions).",
          "符合标准的 MTA 无需处理；否则减少每封邮件的收件人数（大规模分发请使用邮件列表服务器）。"),
        serverFix: .init(
          "Raise the recipient limit if legitimate senders need it (Postfix smtpd_recipient_limit, Exim recipients_max).",
          "如果正常发件方需要，提高收件人上限（Postfix smtpd_recipient_limit、Exim recipients_max）。"),
        action: .init("Usually none (the client splits the recipients).", "通常无需处理（客户端会拆分收件人）。"),
        typicalTexts: [
          .postfix("452 4.5.3 Error: too many recipients"),
          .gmail("452 4.5.3 Your message has too many recipients."),
          .microsoft("452 4.5.3 Too many recipients"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 5, detail: 4, classes: [5], references: ["RFC 3463"], usualBasicCodes: [501, 504, 555],
        meaning: .init("Invalid command arguments", "命令参数无效"),
        description: .init(
          "A valid command was given with invalid arguments: out of range, unrecognized options, a malformed HELO name, an unknown AUTH mechanism.",
          "命令有效，但参数无效：超出范围、无法识别的选项、格式错误的 HELO 名称、未知的 AUTH 机制。"),
        whenItAppears: .init(
          "After HELO/EHLO, MAIL FROM, RCPT TO or AUTH with bad arguments.",
          "在参数错误的 HELO/EHLO、MAIL FROM、RCPT TO 或 AUTH 之后。"),
        clientFix: .init(
          "Fix the argument: the exact syntax is often in the reply text.",
          "修正参数：确切的语法通常就在应答文本中。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The client: fix the arguments.", "客户端：修正参数。"),
        typicalTexts: [
          .postfix("501 5.5.4 Syntax: MAIL FROM:<address>"),
          .postfix("555 5.5.4 Unsupported option: <option>"),
          .microsoft("501 5.5.4 Invalid domain name"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 5, detail: 5, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [500, 554],
        meaning: .init("Wrong protocol version", "协议版本不匹配"),
        description: .init(
          "The two sides use protocol versions that they could not reconcile automatically.",
          "双方使用的协议版本无法自动协调。"),
        whenItAppears: .init(
          "Rarely; in gateways between mail systems.",
          "很少见；出现在不同邮件系统之间的网关中。"),
        clientFix: .init(
          "Update or reconfigure the client.",
          "更新或重新配置客户端。"),
        serverFix: .init(
          "Nothing to fix in general.",
          "一般无需处理。"),
        action: .init("The client or gateway admin.", "客户端或网关管理员。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 5, detail: 6, classes: [4, 5], references: ["RFC 4954"], usualBasicCodes: [500],
        meaning: .init("Authentication Exchange line is too long", "身份验证交互行过长"),
        description: .init(
          "The client's base64 answer during AUTH is longer than the server's buffer for the selected SASL mechanism (large Kerberos or OAuth tokens).",
          "AUTH 过程中客户端的 base64 回应超出了服务器为所选 SASL 机制准备的缓冲区（较大的 Kerberos 或 OAuth 令牌）。"),
        whenItAppears: .init(
          "After AUTH, with 500.",
          "在 AUTH 之后，配合 500 出现。"),
        clientFix: .init(
          "Use another mechanism, or send the initial response in a separate line instead of on the AUTH command line.",
          "使用其他机制，或把初始回应放在单独的一行发送，而不是写在 AUTH 命令行上。"),
        serverFix: .init(
          "Raise the line length limit for AUTH if your users need large tokens.",
          "如果用户需要较大的令牌，提高 AUTH 的行长度限制。"),
        action: .init("The client: use another mechanism or shorter lines.", "客户端：使用其他机制或更短的行。"),
        typicalTexts: [
          .rfc(4954, "500 5.5.6 Authentication Exchange line is too long")
        ]))

    return entries
  }
}
