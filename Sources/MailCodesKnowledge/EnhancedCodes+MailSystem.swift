import MailCodesSMTP
import MailCodesSupport

// Reference data: the mail system status codes X.3.x (RFC 3463 §3.4, RFC 6710).

extension ReplyCodeReference {
  static func mailSystemEnhancedCodes() -> [EnhancedCodeEntry] {
    var entries: [EnhancedCodeEntry] = []

    entries.append(
      EnhancedCodeEntry(
        subject: 3, detail: 0, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [451, 550, 554],
        meaning: .init("Other or undefined mail system status", "其他或未定义的邮件系统状态"),
        description: .init(
          "The destination system normally accepts mail, but something about it caused this status. Postfix uses 4.3.0 for temporary lookup failures and queue file write errors.",
          "目标系统通常可以接收邮件，但其某种情况导致了此状态。Postfix 用 4.3.0 表示暂时性查询失败和队列文件写入错误。"),
        whenItAppears: .init(
          "After RCPT TO or at the end of DATA.",
          "在 RCPT TO 之后或 DATA 结束时。"),
        clientFix: .init(
          "For 4.3.0 wait for the retry; if it persists, tell the receiving admin.",
          "对于 4.3.0，等待重试；如果持续出现，通知接收方管理员。"),
        serverFix: .init(
          "Look for the failing component in the log: lookup tables, disk, content filter.",
          "在日志中找出出错的组件：查找表、磁盘、内容过滤器。"),
        action: .init("The receiving server's admin.", "接收方服务器管理员。"),
        typicalTexts: [
          .postfix("451 4.3.0 <address>: Temporary lookup failure"),
          .postfix("451 4.3.0 Error: queue file write error"),
          .gmail("451 4.3.0 Mail server temporarily rejected message."),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 3, detail: 1, classes: [4], references: ["RFC 3463"], usualBasicCodes: [452],
        meaning: .init("Mail system full", "邮件系统已满"),
        description: .init(
          "The mail system's storage is exhausted (as opposed to one mailbox being full). Only useful as a transient error.",
          "邮件系统的存储空间已耗尽（不同于单个邮箱已满）。只作为暂时性错误使用。"),
        whenItAppears: .init(
          "After MAIL FROM or at the end of DATA when the queue disk is full.",
          "在队列磁盘已满时，于 MAIL FROM 之后或 DATA 结束时出现。"),
        clientFix: .init(
          "Nothing: the retry succeeds once the server has space.",
          "无需处理：服务器有空间后，重试即可成功。"),
        serverFix: .init(
          "Free disk space on the queue file system and find what filled it (logs, a mail loop, a stuck queue).",
          "释放队列所在文件系统的磁盘空间，并找出占满空间的原因（日志、邮件循环、队列堵塞）。"),
        action: .init("The receiving server's admin: free disk space.", "接收方服务器管理员：释放磁盘空间。"),
        typicalTexts: [
          .postfix("452 4.3.1 Insufficient system storage")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 3, detail: 2, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [421, 521],
        meaning: .init("System not accepting network messages", "系统不接收网络邮件"),
        description: .init(
          "The host is not accepting messages: imminent shutdown, excessive load, maintenance; or, as 5.3.2 (with 521), it never accepts mail.",
          "该主机不接收邮件：即将关机、负载过高、维护中——或者以 5.3.2（配合 521）表示它从不接收邮件。"),
        whenItAppears: .init(
          "At the greeting or in answer to any command, typically with 421.",
          "在问候时或作为任意命令的应答，通常配合 421 出现。"),
        clientFix: .init(
          "4.3.2: wait for the retry. 5.3.2: send to another MX host of the domain.",
          "4.3.2：等待重试。5.3.2：改发到该域名的其他 MX 主机。"),
        serverFix: .init(
          "Bring the service back or reduce the load; a host that should never receive mail is fine as is.",
          "恢复服务或降低负载；本就不该接收邮件的主机则保持原样即可。"),
        action: .init(
          "Usually none (retried); the receiving admin if it lasts.",
          "通常无需处理（会重试）；若持续存在则需接收方管理员处理。"),
        typicalTexts: [
          .microsoft("421 4.3.2 Service not available, closing transmission channel")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 3, detail: 3, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [550, 554],
        meaning: .init("System not capable of selected features", "系统不支持所选功能"),
        description: .init(
          "Features requested for the message are not supported by the destination system, typically at gateways that cannot map a feature into another mail system.",
          "目标系统不支持为该邮件请求的功能，通常发生在无法把某项功能映射到另一种邮件系统的网关上。"),
        whenItAppears: .init(
          "After MAIL FROM/RCPT TO with extension parameters, or in a gateway's bounce.",
          "在带扩展参数的 MAIL FROM/RCPT TO 之后，或出现在网关的退信中。"),
        clientFix: .init(
          "Send without the feature (for example without DSN or priority options).",
          "不使用该功能再发送（例如不带 DSN 或优先级选项）。"),
        serverFix: .init(
          "Nothing to fix, unless the feature should be supported.",
          "无需处理，除非本应支持该功能。"),
        action: .init("The sender: drop the unsupported feature.", "发件方：去掉不受支持的功能。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 3, detail: 4, classes: [5], references: ["RFC 3463"], usualBasicCodes: [552, 554],
        meaning: .init("Message too big for system", "邮件对系统而言太大"),
        description: .init(
          "The message is larger than the system's per-message size limit (a physical or administrative limit).",
          "邮件超出了系统对单封邮件的大小限制（物理限制或管理限制）。"),
        whenItAppears: .init(
          "After MAIL FROM with SIZE= above the limit, or at the end of DATA.",
          "在 SIZE= 超出上限的 MAIL FROM 之后，或 DATA 结束时。"),
        clientFix: .init(
          "Send a smaller message; attachments grow by about a third when encoded, so a 20 MB file needs a limit above 27 MB.",
          "发送更小的邮件；附件编码后会增大约三分之一，因此 20 MB 的文件需要 27 MB 以上的限制。"),
        serverFix: .init(
          "Raise the limit if appropriate (Postfix message_size_limit, Exim message_size_limit).",
          "必要时提高限制（Postfix message_size_limit、Exim message_size_limit）。"),
        action: .init("The sender: make the message smaller.", "发件方：减小邮件体积。"),
        typicalTexts: [
          .postfix("552 5.3.4 Message size exceeds fixed limit"),
          .microsoft("552 5.3.4 Message size exceeds fixed maximum message size"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 3, detail: 5, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [451, 554],
        meaning: .init("System incorrectly configured", "系统配置错误"),
        description: .init(
          "The receiving system is not configured in a way that lets it accept this message; Postfix uses 4.3.5 when its own configuration is broken (for example an unknown restriction name).",
          "接收系统的配置使其无法接受该邮件；Postfix 在自身配置出错时（例如使用了未知的限制名称）使用 4.3.5。"),
        whenItAppears: .init(
          "After any command, usually RCPT TO.",
          "可出现在任意命令之后，通常是 RCPT TO。"),
        clientFix: .init(
          "Nothing to fix on your side; tell the receiving admin.",
          "你这一侧无需修复；通知接收方管理员。"),
        serverFix: .init(
          "Read the warning in the mail log, fix the configuration and reload.",
          "阅读邮件日志中的警告，修正配置并重新加载。"),
        action: .init("The receiving server's admin: fix the configuration.", "接收方服务器管理员：修正配置。"),
        typicalTexts: [
          .postfix("451 4.3.5 Server configuration error")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 3, detail: 6, classes: [2], references: ["RFC 6710"], usualBasicCodes: [250],
        meaning: .init("Requested priority was changed", "请求的优先级已被更改"),
        description: .init(
          "The message was accepted, but the priority requested with the MT-PRIORITY extension (or the implied default) was not honored.",
          "邮件已被接受，但通过 MT-PRIORITY 扩展请求的优先级（或默认优先级）未被采用。"),
        whenItAppears: .init(
          "After MAIL FROM or at the end of DATA with an MT-PRIORITY parameter; in DSNs.",
          "在带有 MT-PRIORITY 参数的 MAIL FROM 之后或 DATA 结束时；也出现在投递状态通知中。"),
        clientFix: .init(
          "Nothing to fix; the message is delivered with another priority.",
          "无需修复；邮件会以另一优先级投递。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("None: accepted with another priority.", "无需处理：已按其他优先级接受。"),
        typicalTexts: []))

    return entries
  }
}
