import MailCodesSMTP
import MailCodesSupport

// Reference data: the positive basic codes, 2xx and 3xx.

extension ReplyCodeReference {
  static func positiveBasicCodes() -> [BasicCodeEntry] {
    var entries: [BasicCodeEntry] = []

    entries.append(
      BasicCodeEntry(
        code: 211, references: ["RFC 5321"], repliesTo: [.help], usualEnhancedCodes: [],
        meaning: .init("System status, or system help reply", "系统状态或系统帮助应答"),
        description: .init(
          "A positive reply that carries system status or help information. RFC 5321 defines it, but servers rarely send it today.",
          "携带系统状态或帮助信息的肯定应答。RFC 5321 定义了它，但如今服务器很少发送。"),
        whenItAppears: .init(
          "In answer to HELP or to a status request on some servers; never inside a mail transaction.",
          "在部分服务器上作为 HELP 或状态查询的应答出现；不会出现在邮件事务中。"),
        clientFix: .init(
          "Nothing to fix: the reply is informational.",
          "无需修复：这只是信息性应答。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("None: informational.", "无需处理：仅为信息。"),
        typicalTexts: []))

    entries.append(
      BasicCodeEntry(
        code: 214, references: ["RFC 5321"], repliesTo: [.help], usualEnhancedCodes: ["2.0.0"],
        meaning: .init("Help message", "帮助信息"),
        description: .init(
          "A positive reply to HELP with human-readable information about the server or a command. It is useful only to a person typing SMTP by hand.",
          "对 HELP 的肯定应答，包含关于服务器或某个命令的说明，供人阅读。只对手工输入 SMTP 命令的人有用。"),
        whenItAppears: .init(
          "After the client sends HELP (often from someone testing with telnet or openssl s_client).",
          "客户端发送 HELP 之后（通常是有人用 telnet 或 openssl s_client 手工测试）。"),
        clientFix: .init(
          "Nothing to fix.",
          "无需修复。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("None: informational.", "无需处理：仅为信息。"),
        typicalTexts: [
          .exim("214 Commands supported: <commands>"),
          .gmail("214 2.0.0 https://www.google.com/search?btnI&q=RFC+5321 <id> - gsmtp"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 220, references: ["RFC 5321", "RFC 3207"], repliesTo: [.connect, .starttls],
        usualEnhancedCodes: ["2.0.0"],
        meaning: .init("Service ready", "服务就绪"),
        description: .init(
          "The greeting: the server is ready to accept commands; the text usually starts with the server's host name. 220 is also the positive answer to STARTTLS (RFC 3207, \"220 2.0.0 Ready to start TLS\"): the client must start the TLS handshake right away.",
          "问候语：服务器已准备好接收命令，文本通常以服务器主机名开头。220 也是 STARTTLS 的成功应答（RFC 3207，“220 2.0.0 Ready to start TLS”）：客户端必须随即开始 TLS 握手。"
        ),
        whenItAppears: .init(
          "Right after the TCP connection is opened, before any command; and in answer to STARTTLS.",
          "TCP 连接建立后、客户端发送任何命令之前；以及作为 STARTTLS 的应答。"),
        clientFix: .init(
          "Nothing to fix. If the greeting is slow or never comes, look for a firewall, a slow DNS lookup on the server side, or a deliberate greeting delay (Postfix postscreen, Exim or Sendmail greet pause).",
          "无需修复。如果问候语很慢或一直没有出现，检查防火墙、服务器端缓慢的 DNS 查询，或服务器是否有意延迟问候（Postfix postscreen、Exim 或 Sendmail 的 greet pause）。"),
        serverFix: .init(
          "Nothing to fix. Keep the host name in the banner equal to the host's DNS name (forward and reverse); drop the software version from the banner if you prefer not to publish it.",
          "无需处理。让横幅中的主机名与本机的 DNS 名称（正向和反向解析）一致；如果不想公开软件版本，可以从横幅中去掉。"),
        action: .init("None: the server is ready.", "无需处理：服务器已就绪。"),
        typicalTexts: [
          .postfix("220 <host> ESMTP Postfix"),
          .postfix("220 2.0.0 Ready to start TLS"),
          .exim("220 <host> ESMTP Exim <version> <date>"),
          .sendmail("220 <host> ESMTP Sendmail <version>; <date>"),
          .gmail("220 mx.google.com ESMTP <id> - gsmtp"),
          .microsoft("220 <host> Microsoft ESMTP MAIL Service ready at <date>"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 221, references: ["RFC 5321"], repliesTo: [.quit], usualEnhancedCodes: ["2.0.0"],
        meaning: .init("Service closing transmission channel", "服务正在关闭传输通道"),
        description: .init(
          "The server closes the connection in an orderly way. In answer to QUIT it is the normal end of a session. A 221 that does not follow a QUIT from the client means the server ended the session on its own: some servers send 221 instead of 421 when they drop an idle or misbehaving client.",
          "服务器有序地关闭连接。作为 QUIT 的应答，它表示会话正常结束。如果 221 之前客户端并没有发送 QUIT，则说明是服务器主动结束了会话：有些服务器在断开空闲或行为异常的客户端时发送 221 而不是 421。"),
        whenItAppears: .init(
          "After QUIT, at the end of every clean session, whether the mail was accepted or not. Without a QUIT: when the server hangs up on its own (idle timeout, error limit, policy).",
          "在 QUIT 之后，出现在每个正常结束的会话末尾，无论邮件是否被接受。若没有 QUIT：服务器主动挂断时（空闲超时、错误次数上限、策略）。"),
        clientFix: .init(
          "Nothing after QUIT. Without a preceding QUIT, check what the client did just before: a long pause (timeout), repeated errors, or a command the server dislikes.",
          "在 QUIT 之后无需处理。如果之前没有 QUIT，检查客户端在此之前做了什么：长时间停顿（超时）、反复出错，或发送了服务器不接受的命令。"),
        serverFix: .init(
          "Nothing after QUIT. If clients get 221 without QUIT, check your idle timeouts and error limits (Postfix smtpd_timeout, smtpd_hard_error_limit) and the log line before the disconnect.",
          "在 QUIT 之后无需处理。如果客户端在未发送 QUIT 的情况下收到 221，检查空闲超时和错误次数上限（Postfix smtpd_timeout、smtpd_hard_error_limit）以及断开前的日志行。"
        ),
        action: .init(
          "None after QUIT (a normal close). A 221 without a preceding QUIT is a server hang-up (idle timeout, limits): worth checking.",
          "QUIT 之后无需处理（正常关闭）。若之前没有 QUIT，则是服务器主动挂断（空闲超时、限制），值得检查。"),
        typicalTexts: [
          .postfix("221 2.0.0 Bye"),
          .exim("221 <host> closing connection"),
          .sendmail("221 2.0.0 <host> closing connection"),
          .gmail("221 2.0.0 closing connection <id> - gsmtp"),
          .microsoft("221 2.0.0 Service closing transmission channel"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 235, references: ["RFC 4954"], repliesTo: [.auth], usualEnhancedCodes: ["2.7.0"],
        meaning: .init("Authentication successful", "身份验证成功"),
        description: .init(
          "The AUTH exchange succeeded. The session is now authenticated and the server applies that user's permissions, typically the right to relay mail to any domain.",
          "AUTH 交互成功。会话已通过身份验证，服务器按该用户的权限处理，通常意味着可以向任意域名中继邮件。"),
        whenItAppears: .init(
          "After AUTH, once the client has answered the last challenge correctly; usually on the submission ports 587 and 465.",
          "在 AUTH 之后，客户端正确回应最后一次质询时；通常出现在提交端口 587 和 465 上。"),
        clientFix: .init(
          "Nothing to fix.",
          "无需修复。"),
        serverFix: .init(
          "Nothing to fix. Watch for one account authenticating from many unusual IP addresses: a sign of stolen credentials used to send spam.",
          "无需处理。注意同一帐户从大量异常 IP 地址登录的情况：这往往说明凭据被盗并被用于发送垃圾邮件。"),
        action: .init("None: the client is logged in.", "无需处理：客户端已登录。"),
        typicalTexts: [
          .postfix("235 2.7.0 Authentication successful"),
          .exim("235 Authentication succeeded"),
          .sendmail("235 2.0.0 OK Authenticated"),
          .gmail("235 2.7.0 Accepted"),
          .rfc(4954, "235 2.7.0 Authentication Succeeded"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 250, references: ["RFC 5321"],
        repliesTo: [.ehlo, .helo, .mail, .rcpt, .endOfData, .bdat, .rset, .noop, .vrfy],
        usualEnhancedCodes: ["2.0.0", "2.1.0", "2.1.5", "2.6.0"],
        meaning: .init("Requested mail action okay, completed", "请求的邮件操作已完成"),
        description: .init(
          "The generic success reply: the command was accepted. After the final dot of DATA it means the receiving server has taken responsibility for the message (it is queued). After EHLO the reply lists the supported extensions.",
          "通用的成功应答：命令已被接受。在 DATA 的结束点之后，它表示接收服务器已对该邮件负责（已进入队列）。在 EHLO 之后，应答中会列出支持的扩展。"),
        whenItAppears: .init(
          "After EHLO/HELO, MAIL FROM, each accepted RCPT TO, the end of DATA or the last BDAT, RSET and NOOP.",
          "在 EHLO/HELO、MAIL FROM、每个被接受的 RCPT TO、DATA 结束或最后一个 BDAT、RSET 和 NOOP 之后。"),
        clientFix: .init(
          "Nothing to fix. If a message was accepted with 250 but never arrived, follow it on the receiving side with the queue ID or message ID given in the reply.",
          "无需修复。如果邮件以 250 被接受却没有送达，请用应答中的队列 ID 或邮件 ID 在接收方继续追踪。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init(
          "None: success. After DATA the message is the receiving server's responsibility.",
          "无需处理：成功。DATA 之后，邮件由接收服务器负责。"),
        typicalTexts: [
          .postfix("250 2.1.0 Ok"),
          .postfix("250 2.1.5 Ok"),
          .postfix("250 2.0.0 Ok: queued as <queue-id>"),
          .exim("250 Accepted"),
          .exim("250 OK id=<message-id>"),
          .sendmail("250 2.0.0 <queue-id> Message accepted for delivery"),
          .gmail("250 2.0.0 OK <timestamp> <id> - gsmtp"),
          .microsoft("250 2.6.0 <message-id> [InternalId=<n>] Queued mail for delivery"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 251, references: ["RFC 5321"], repliesTo: [.rcpt], usualEnhancedCodes: ["2.1.5"],
        meaning: .init("User not local; will forward", "用户不在本地；将转发"),
        description: .init(
          "The recipient is accepted, but the server will forward the message to another address, which it names. This is a success. Few servers use it today because it discloses forwarding addresses.",
          "收件人已被接受，但服务器会把邮件转发到它所给出的另一个地址。这属于成功应答。如今很少有服务器使用它，因为它会泄露转发地址。"),
        whenItAppears: .init(
          "After RCPT TO for an address the server forwards elsewhere.",
          "在 RCPT TO 之后，当该地址由服务器转发到别处时。"),
        clientFix: .init(
          "Nothing required; you may update the address to the one given in the reply.",
          "无需处理；可以把地址更新为应答中给出的新地址。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("None: accepted and forwarded.", "无需处理：已接受并将转发。"),
        typicalTexts: []))

    entries.append(
      BasicCodeEntry(
        code: 252, references: ["RFC 5321"], repliesTo: [.vrfy], usualEnhancedCodes: ["2.0.0", "2.1.5"],
        meaning: .init(
          "Cannot VRFY user, but will accept message and attempt delivery",
          "无法验证用户，但会接受邮件并尝试投递"),
        description: .init(
          "The answer to VRFY from a server that will not confirm whether an address exists, usually to stop address harvesting. It is not an error: mail to the address may still be delivered.",
          "服务器对 VRFY 的应答：它不确认地址是否存在（通常是为了防止地址收集）。这不是错误：发往该地址的邮件仍可能被投递。"),
        whenItAppears: .init(
          "After VRFY.",
          "在 VRFY 之后。"),
        clientFix: .init(
          "Nothing to fix. Do not rely on VRFY to check addresses; send the mail or use RCPT TO.",
          "无需修复。不要依赖 VRFY 来检查地址；直接发送邮件或使用 RCPT TO。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("None: informational.", "无需处理：仅为信息。"),
        typicalTexts: [
          .postfix("252 2.0.0 <address>"),
          .gmail("252 2.1.5 Send some mail, I'll try my best <id> - gsmtp"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 334, references: ["RFC 4954"], repliesTo: [.auth], usualEnhancedCodes: [],
        meaning: .init("Server challenge (AUTH continues)", "服务器质询（AUTH 继续）"),
        description: .init(
          "An intermediate reply during AUTH: the server sends a base64-encoded challenge (possibly empty) and waits for the client's answer line. With AUTH LOGIN the challenges decode to \"Username:\" and \"Password:\".",
          "AUTH 过程中的中间应答：服务器发送一个 base64 编码的质询（可能为空），并等待客户端回应一行。使用 AUTH LOGIN 时，质询解码后分别是“Username:”和“Password:”。"),
        whenItAppears: .init(
          "After AUTH, and after each client answer while the SASL exchange needs more steps.",
          "在 AUTH 之后，以及在 SASL 交互还需要更多步骤时，客户端每次回应之后。"),
        clientFix: .init(
          "Nothing to fix: answer the challenge. A client that wants to give up sends \"*\" and gets 501.",
          "无需修复：回应质询即可。客户端若想放弃，可发送“*”，服务器会返回 501。"),
        serverFix: .init(
          "Nothing to fix. Many sessions that stop after 334 are password-guessing bots.",
          "无需处理。大量在 334 之后中断的会话通常是猜密码的机器人。"),
        action: .init("None: the client must answer the challenge.", "无需处理：客户端需回应质询。"),
        typicalTexts: [
          VendorText(vendor: .common, text: "334 VXNlcm5hbWU6"),
          VendorText(vendor: .common, text: "334 UGFzc3dvcmQ6"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 354, references: ["RFC 5321"], repliesTo: [.data], usualEnhancedCodes: [],
        meaning: .init("Start mail input; end with <CRLF>.<CRLF>", "开始输入邮件内容；以 <CRLF>.<CRLF> 结束"),
        description: .init(
          "An intermediate reply to DATA: the server is ready to receive the message content. The final verdict (250 or an error) comes only after the line with a single dot.",
          "对 DATA 的中间应答：服务器已准备好接收邮件内容。最终结果（250 或错误）要到只含一个点的那一行之后才会给出。"),
        whenItAppears: .init(
          "After DATA, when at least one recipient was accepted.",
          "在 DATA 之后，且至少有一个收件人已被接受时。"),
        clientFix: .init(
          "Nothing to fix. If sessions stall right after 354, suspect the network path: a broken path MTU (large packets dropped) is the classic cause.",
          "无需修复。如果会话在 354 之后卡住，应怀疑网络路径：路径 MTU 故障（大数据包被丢弃）是典型原因。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("None: the client sends the message content.", "无需处理：客户端开始发送邮件内容。"),
        typicalTexts: [
          .postfix("354 End data with <CR><LF>.<CR><LF>"),
          .exim("354 Enter message, ending with \".\" on a line by itself"),
          .sendmail("354 Enter mail, end with \".\" on a line by itself"),
          .gmail("354 Go ahead <id> - gsmtp"),
          .microsoft("354 Start mail input; end with <CRLF>.<CRLF>"),
        ]))

    return entries
  }
}
