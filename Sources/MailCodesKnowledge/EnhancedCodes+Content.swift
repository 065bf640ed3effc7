import MailCodesSMTP
import MailCodesSupport

// Reference data: the message content or media status codes X.6.x (RFC 3463 §3.7, RFC 4468,
// RFC 6531).

extension ReplyCodeReference {
  static func contentEnhancedCodes() -> [EnhancedCodeEntry] {
    var entries: [EnhancedCodeEntry] = []

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 0, classes: [2, 4, 5], references: ["RFC 3463"], usualBasicCodes: [250, 550, 554],
        meaning: .init("Other or undefined media error", "其他或未定义的媒体错误"),
        description: .init(
          "Something about the content caused this status, without a more specific code. As a failure it often means the message was refused by a content filter (spam, virus, attachment policy). Exchange attaches 2.6.0 to accepted messages (\"Queued mail for delivery\").",
          "邮件内容导致了此状态，但没有更具体的代码。作为失败时，通常表示邮件被内容过滤器拒收（垃圾邮件、病毒、附件策略）。Exchange 在接受邮件时附带 2.6.0（“Queued mail for delivery”）。"
        ),
        whenItAppears: .init(
          "At the end of DATA.",
          "在 DATA 结束时。"),
        clientFix: .init(
          "2.6.0: nothing. Failures: remove what the filter objects to (executable or macro attachments, suspicious links) and resend.",
          "2.6.0：无需处理。失败时：去掉过滤器所针对的内容（可执行文件或带宏的附件、可疑链接）后重发。"),
        serverFix: .init(
          "Check the content filter's verdict for false positives.",
          "检查内容过滤器的判定是否为误报。"),
        action: .init("Failures: the sender changes the content.", "失败时：发件方修改内容。"),
        typicalTexts: [
          .microsoft("250 2.6.0 <message-id> [InternalId=<n>] Queued mail for delivery")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 1, classes: [5], references: ["RFC 3463"], usualBasicCodes: [554, 550],
        meaning: .init("Media not supported", "不支持的媒体类型"),
        description: .init(
          "The media of the message (a content type or encoding) is not supported by the delivery protocol or the next system.",
          "邮件的媒体类型（某种内容类型或编码）不被投递协议或下一个系统支持。"),
        whenItAppears: .init(
          "At the end of DATA, or in a gateway's bounce.",
          "在 DATA 结束时，或出现在网关的退信中。"),
        clientFix: .init(
          "Send the content in a common format (text, HTML, standard attachments).",
          "以常见格式发送内容（纯文本、HTML、标准附件）。"),
        serverFix: .init(
          "Nothing to fix, unless the media type should be accepted.",
          "无需处理，除非本应接受该媒体类型。"),
        action: .init("The sender: use a supported format.", "发件方：使用受支持的格式。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 2, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [554],
        meaning: .init("Conversion required and prohibited", "需要转换但被禁止"),
        description: .init(
          "The content must be converted before delivery, but conversion is not permitted, by the sender (in the message) or by the policy of the sending host.",
          "内容必须先转换才能投递，但转换不被允许——由发件方（在邮件中）或发送主机的策略禁止。"),
        whenItAppears: .init(
          "In bounces of MTAs or gateways that would have had to convert the message.",
          "出现在本需转换邮件的 MTA 或网关所生成的退信中。"),
        clientFix: .init(
          "Send content that needs no conversion (7-bit safe, standard encodings), or allow conversion.",
          "发送无需转换的内容（7 位安全、标准编码），或允许转换。"),
        serverFix: .init(
          "Nothing to fix in general.",
          "一般无需处理。"),
        action: .init("The sender: change the encoding or allow conversion.", "发件方：更改编码或允许转换。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 3, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [554],
        meaning: .init("Conversion required but not supported", "需要转换但不支持"),
        description: .init(
          "The content would have to be converted to be forwarded, but the host cannot do it; for example 8-bit content toward a next hop that supports only 7-bit, by a server unable to downgrade it.",
          "内容必须转换才能转发，但主机做不到；例如服务器需要把 8 位内容发往只支持 7 位的下一跳，却无法将其降级。"),
        whenItAppears: .init(
          "In bounces of relays that meet a next hop without 8BITMIME, BINARYMIME or SMTPUTF8.",
          "出现在遇到不支持 8BITMIME、BINARYMIME 或 SMTPUTF8 的下一跳的中继所生成的退信中。"),
        clientFix: .init(
          "Send with a 7-bit transfer encoding (quoted-printable or base64).",
          "使用 7 位传输编码（quoted-printable 或 base64）发送。"),
        serverFix: .init(
          "Enable 8BITMIME downgrading on the relay, or upgrade the next hop.",
          "在中继上启用 8BITMIME 降级，或升级下一跳。"),
        action: .init("The sender or relay admin: use or produce a 7-bit encoding.", "发件方或中继管理员：使用或生成 7 位编码。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 4, classes: [2, 5], references: ["RFC 3463"], usualBasicCodes: [250, 554],
        meaning: .init("Conversion with loss performed", "已执行有损转换"),
        description: .init(
          "The message was delivered, but a conversion lost some data (a warning, 2.6.4); or the conversion would lose data and the sender prohibited that (5.6.4).",
          "邮件已投递，但转换过程丢失了部分数据（警告，2.6.4）；或者转换会丢失数据而发件方禁止这样做（5.6.4）。"),
        whenItAppears: .init(
          "In delivery reports of gateways that convert content.",
          "出现在进行内容转换的网关所生成的投递报告中。"),
        clientFix: .init(
          "Check with the recipient whether the content arrived intact; send it in a simpler format if needed.",
          "与收件人确认内容是否完整到达；必要时改用更简单的格式发送。"),
        serverFix: .init(
          "Nothing to fix in general.",
          "一般无需处理。"),
        action: .init("Usually none; check the content if it matters.", "通常无需处理；内容重要时需核实。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 5, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [554],
        meaning: .init("Conversion Failed", "转换失败"),
        description: .init(
          "A conversion was required but did not succeed.",
          "需要进行转换，但转换未成功。"),
        whenItAppears: .init(
          "In bounces of gateways or relays that convert content.",
          "出现在进行内容转换的网关或中继所生成的退信中。"),
        clientFix: .init(
          "Send the content in a standard, simpler format.",
          "以标准、更简单的格式发送内容。"),
        serverFix: .init(
          "Check the converter's log for the failing part.",
          "检查转换程序的日志，找出出错的部分。"),
        action: .init("The sender or gateway admin.", "发件方或网关管理员。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 6, classes: [4, 5], references: ["RFC 4468"], usualBasicCodes: [554],
        meaning: .init("Message content not available", "邮件内容不可用"),
        description: .init(
          "The submission server could not fetch the message content from a remote system, as required by BURL (RFC 4468), for example from the user's IMAP server.",
          "提交服务器无法按照 BURL（RFC 4468）的要求从远程系统（例如用户的 IMAP 服务器）获取邮件内容。"),
        whenItAppears: .init(
          "After BURL on a submission server.",
          "在提交服务器上发送 BURL 之后。"),
        clientFix: .init(
          "Check the URLAUTH URL given to BURL, or send the content with DATA instead.",
          "检查传给 BURL 的 URLAUTH 地址，或改用 DATA 发送内容。"),
        serverFix: .init(
          "Check the connection and trust between the submission server and the IMAP server.",
          "检查提交服务器与 IMAP 服务器之间的连接和信任关系。"),
        action: .init("The client or the submission server admin.", "客户端或提交服务器管理员。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 7, classes: [5], references: ["RFC 6531"], usualBasicCodes: [553, 550],
        meaning: .init(
          "Non-ASCII addresses not permitted for that sender/recipient",
          "该发件人/收件人不允许使用非 ASCII 地址"),
        description: .init(
          "A MAIL FROM or RCPT TO carries a non-ASCII (internationalized) address that is not permitted, usually because the client did not use SMTPUTF8 or the server does not support internationalized addresses.",
          "MAIL FROM 或 RCPT TO 中带有不被允许的非 ASCII（国际化）地址，通常是因为客户端没有使用 SMTPUTF8，或服务器不支持国际化地址。"),
        whenItAppears: .init(
          "After MAIL FROM or RCPT TO with a non-ASCII address.",
          "在带有非 ASCII 地址的 MAIL FROM 或 RCPT TO 之后。"),
        clientFix: .init(
          "Use the SMTPUTF8 parameter when the server offers it, or use an ASCII alias of the address.",
          "服务器支持时使用 SMTPUTF8 参数，或使用该地址的 ASCII 别名。"),
        serverFix: .init(
          "Enable SMTPUTF8 support (Postfix smtputf8_enable) if you want to accept internationalized addresses.",
          "如果希望接受国际化地址，启用 SMTPUTF8 支持（Postfix smtputf8_enable）。"),
        action: .init("The sender: use SMTPUTF8 or an ASCII address.", "发件方：使用 SMTPUTF8 或 ASCII 地址。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 8, classes: [2, 5], references: ["RFC 6531"], usualBasicCodes: [252, 553, 550],
        meaning: .init(
          "UTF-8 string reply is required, but not permitted by the SMTP client",
          "需要使用 UTF-8 字符串应答，但 SMTP 客户端不允许"),
        description: .init(
          "To show the mailbox name (for example in a VRFY or EXPN answer) the server would need a UTF-8 reply, but the client did not allow UTF-8 replies.",
          "为了显示邮箱名称（例如在 VRFY 或 EXPN 的应答中），服务器需要使用 UTF-8 应答，但客户端不允许 UTF-8 应答。"),
        whenItAppears: .init(
          "After VRFY or EXPN without the SMTPUTF8 parameter, for a mailbox with a non-ASCII name.",
          "在不带 SMTPUTF8 参数的 VRFY 或 EXPN 之后，针对名称含非 ASCII 字符的邮箱。"),
        clientFix: .init(
          "Repeat the command with the SMTPUTF8 parameter.",
          "带上 SMTPUTF8 参数重新发送该命令。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The client: use SMTPUTF8.", "客户端：使用 SMTPUTF8。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 9, classes: [5], references: ["RFC 6531"], usualBasicCodes: [550],
        meaning: .init(
          "UTF-8 header message cannot be transferred to one or more recipients, so the message must be rejected",
          "含 UTF-8 头部的邮件无法传送给一个或多个收件人，因此必须拒收"),
        description: .init(
          "The message has internationalized (UTF-8) header fields, but a recipient's server does not support SMTPUTF8, so it cannot be passed on.",
          "邮件含有国际化（UTF-8）头部字段，但某个收件人的服务器不支持 SMTPUTF8，因此无法继续传送。"),
        whenItAppears: .init(
          "At the end of DATA, or in a relay's bounce toward a next hop without SMTPUTF8.",
          "在 DATA 结束时，或出现在中继面对不支持 SMTPUTF8 的下一跳时生成的退信中。"),
        clientFix: .init(
          "Send the message with ASCII addresses and encoded headers (RFC 2047) to such recipients.",
          "向这类收件人发送时，使用 ASCII 地址和编码后的头部（RFC 2047）。"),
        serverFix: .init(
          "Enable SMTPUTF8 on the servers along the path.",
          "在路径上的服务器启用 SMTPUTF8。"),
        action: .init("The sender: use ASCII addresses and headers.", "发件方：使用 ASCII 地址和头部。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 6, detail: 10, classes: [2, 5], references: ["RFC 6531"], usualBasicCodes: [],
        meaning: .init(
          "Duplicate of X.6.8 (deprecated)",
          "X.6.8 的重复条目（已弃用）"),
        description: .init(
          "The registry keeps X.6.10 only as a deprecated duplicate of X.6.8 (\"UTF-8 string reply is required, but not permitted by the SMTP client\"). Servers should send X.6.8 instead.",
          "注册表保留 X.6.10 只是作为 X.6.8（“需要使用 UTF-8 字符串应答，但 SMTP 客户端不允许”）的已弃用重复条目。服务器应改用 X.6.8。"),
        whenItAppears: .init(
          "Practically never; treat it like X.6.8.",
          "实际上几乎不会出现；按 X.6.8 处理。"),
        clientFix: .init(
          "As for X.6.8: repeat the command with the SMTPUTF8 parameter.",
          "与 X.6.8 相同：带上 SMTPUTF8 参数重新发送命令。"),
        serverFix: .init(
          "Send X.6.8 instead of X.6.10.",
          "用 X.6.8 代替 X.6.10。"),
        action: .init("As for X.6.8: the client uses SMTPUTF8.", "与 X.6.8 相同：客户端使用 SMTPUTF8。"),
        typicalTexts: []))

    return entries
  }
}
