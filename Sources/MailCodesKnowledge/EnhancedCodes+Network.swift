import MailCodesSMTP
import MailCodesSupport

// Reference data: the network and routing status codes X.4.x (RFC 3463 §3.5).

extension ReplyCodeReference {
  static func networkEnhancedCodes() -> [EnhancedCodeEntry] {
    var entries: [EnhancedCodeEntry] = []

    entries.append(
      EnhancedCodeEntry(
        subject: 4, detail: 0, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [451, 550],
        meaning: .init("Other or undefined network or routing status", "其他或未定义的网络或路由状态"),
        description: .init(
          "Something went wrong with networking or routing, without a more specific code. Exchange uses 4.4.0 for DNS query failures.",
          "网络或路由出了问题，但没有更具体的代码。Exchange 用 4.4.0 表示 DNS 查询失败。"),
        whenItAppears: .init(
          "In delivery attempts and bounces of the sending MTA; sometimes in replies of relays.",
          "出现在发送方 MTA 的投递尝试和退信中；有时出现在中继服务器的应答中。"),
        clientFix: .init(
          "Wait for the retry; if it persists, check DNS and connectivity toward the recipient domain.",
          "等待重试；如果持续出现，检查到收件域名的 DNS 和网络连通性。"),
        serverFix: .init(
          "Check DNS resolution and outbound connectivity of the sending server.",
          "检查发送服务器的 DNS 解析和出站连通性。"),
        action: .init("Usually none (retried); check network and DNS if it lasts.", "通常无需处理（会重试）；持续存在时检查网络和 DNS。"),
        typicalTexts: [
          .microsoft("451 4.4.0 DNS query failed")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 4, detail: 1, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [451, 550],
        meaning: .init("No answer from host", "主机无应答"),
        description: .init(
          "The outbound connection attempt was not answered: the remote host was down, busy or unreachable (a firewall drops port 25). Microsoft 365 also uses 5.4.1 for \"Recipient address rejected: Access denied\" (directory-based edge blocking of unknown recipients).",
          "出站连接尝试没有得到应答：远程主机宕机、繁忙或不可达（防火墙丢弃了 25 端口的流量）。Microsoft 365 还用 5.4.1 表示“Recipient address rejected: Access denied”（基于目录的边缘阻止，拒收不存在的收件人）。"
        ),
        whenItAppears: .init(
          "In the sending MTA's deferrals (connection timed out or refused). At Microsoft 365: after RCPT TO for an address that does not exist.",
          "出现在发送方 MTA 的延迟投递记录中（连接超时或被拒绝）。在 Microsoft 365 上：RCPT TO 的地址不存在时。"),
        clientFix: .init(
          "Wait for the retry; if it never connects, check that your network allows outbound port 25 (many ISPs and clouds block it). For Microsoft's 5.4.1, check the recipient address.",
          "等待重试；如果始终连不上，检查你的网络是否允许出站 25 端口（许多 ISP 和云服务商会封锁）。对于 Microsoft 的 5.4.1，检查收件人地址。"),
        serverFix: .init(
          "Make sure the MX hosts are up and reachable on port 25 from the Internet.",
          "确保 MX 主机在线，并可从互联网访问其 25 端口。"),
        action: .init(
          "Usually none (retried); the network or the remote host if it lasts.", "通常无需处理（会重试）；持续存在时检查网络或远程主机。"),
        typicalTexts: [
          .microsoft("550 5.4.1 Recipient address rejected: Access denied")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 4, detail: 2, classes: [4], references: ["RFC 3463"], usualBasicCodes: [421],
        meaning: .init("Bad connection", "连接异常"),
        description: .init(
          "The connection was established but the transaction could not be completed, because of a timeout or a poor connection. Servers send 421 4.4.2 when they close an idle session.",
          "连接已建立，但因超时或连接质量差而无法完成事务。服务器在关闭空闲会话时发送 421 4.4.2。"),
        whenItAppears: .init(
          "Unsolicited with 421 when the client stays silent longer than the server's timeout; in the sending MTA's log when the connection breaks mid-session.",
          "客户端沉默时间超过服务器的超时时，服务器主动发出 421；会话中途连接断开时，出现在发送方 MTA 的日志中。"),
        clientFix: .init(
          "Nothing at first (retried). If it repeats, find why the client stalls: slow content generation, a slow DNS lookup, a network path that drops large packets.",
          "起初无需处理（会重试）。如果反复出现，找出客户端停顿的原因：内容生成缓慢、DNS 查询缓慢、网络路径丢弃大数据包。"),
        serverFix: .init(
          "Raise the timeout if legitimate clients are slow (Postfix smtpd_timeout, Exim smtp_receive_timeout).",
          "如果正常客户端较慢，提高超时时间（Postfix smtpd_timeout、Exim smtp_receive_timeout）。"),
        action: .init("Usually none (retried); check client stalls if it repeats.", "通常无需处理（会重试）；反复出现时检查客户端停顿。"),
        typicalTexts: [
          .postfix("421 4.4.2 <host> Error: timeout exceeded")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 4, detail: 3, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [451, 550],
        meaning: .init("Directory server failure", "目录服务器故障"),
        description: .init(
          "A directory server, most often DNS, was unavailable, so the message could not be routed or a check could not be made. Typically transient.",
          "目录服务器（最常见的是 DNS）不可用，因此邮件无法路由或某项检查无法完成。通常是暂时性的。"),
        whenItAppears: .init(
          "After RCPT TO or MAIL FROM when the server's DNS or LDAP lookups fail; in the sending MTA when the recipient domain's DNS does not answer.",
          "服务器的 DNS 或 LDAP 查询失败时出现在 RCPT TO 或 MAIL FROM 之后；收件域名的 DNS 无应答时出现在发送方 MTA 中。"),
        clientFix: .init(
          "Wait for the retry; check the DNS of your own sending domain if the text names it.",
          "等待重试；如果文本中提到你的发件域名，检查其 DNS。"),
        serverFix: .init(
          "Check the resolver the mail server uses (a local caching resolver is recommended) and the LDAP or SQL backends.",
          "检查邮件服务器使用的解析器（建议使用本地缓存解析器），以及 LDAP 或 SQL 后端。"),
        action: .init("Usually none (retried); DNS admins if it lasts.", "通常无需处理（会重试）；持续存在时需 DNS 管理员处理。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 4, detail: 4, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [550, 554],
        meaning: .init("Unable to route", "无法路由"),
        description: .init(
          "The mail system could not find the next hop: DNS gave no usable MX or address record for the domain (for example only an SOA record).",
          "邮件系统找不到下一跳：DNS 没有为该域名返回可用的 MX 或地址记录（例如只有 SOA 记录）。"),
        whenItAppears: .init(
          "In the sending MTA's bounce or deferral for a recipient domain without mail routing; in relays with a broken transport table.",
          "在收件域名没有邮件路由时，出现在发送方 MTA 的退信或延迟记录中；也出现在传输表配置错误的中继中。"),
        clientFix: .init(
          "Check the recipient domain for typos; if it is right, the domain's DNS is broken: tell its owner.",
          "检查收件域名是否拼错；如果没错，说明该域名的 DNS 有问题——请通知其所有者。"),
        serverFix: .init(
          "Publish MX records for the domain, or fix the transport or relayhost settings.",
          "为该域名发布 MX 记录，或修正 transport 或 relayhost 设置。"),
        action: .init("The recipient domain's DNS admin.", "收件域名的 DNS 管理员。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 4, detail: 5, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [451, 421],
        meaning: .init("Mail system congestion", "邮件系统拥塞"),
        description: .init(
          "The mail system is congested and cannot take the message now. Gmail's sending limits use 5.4.5 (\"Daily user sending limit exceeded\") as a vendor-specific permanent variant.",
          "邮件系统拥塞，暂时无法接收邮件。Gmail 的发送限额以 5.4.5（“Daily user sending limit exceeded”）作为厂商自定义的永久性变体。"),
        whenItAppears: .init(
          "At the greeting or after any command when the server is overloaded; Gmail: after MAIL FROM or RCPT TO when an account exceeds its daily sending limit.",
          "服务器过载时，在问候时或任意命令之后出现；Gmail：帐户超出每日发送限额时，在 MAIL FROM 或 RCPT TO 之后出现。"),
        clientFix: .init(
          "Wait for the retry. For Gmail's daily limit, wait up to 24 hours or send bulk mail through a proper service.",
          "等待重试。对于 Gmail 的每日限额，等待最多 24 小时，或改用专门的群发服务发送大批量邮件。"),
        serverFix: .init(
          "Add capacity or smooth the incoming load.",
          "增加处理能力或平滑入站负载。"),
        action: .init("Usually none (retried).", "通常无需处理（会重试）。"),
        typicalTexts: [
          .gmail("550 5.4.5 Daily user sending limit exceeded.")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 4, detail: 6, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [554, 550],
        meaning: .init("Routing loop detected", "检测到路由循环"),
        description: .init(
          "The message was forwarded too many times (too many Received header lines): a routing table error or a forwarding loop between mailboxes or servers.",
          "邮件被转发的次数过多（Received 头部行过多）：路由表错误，或邮箱、服务器之间的转发循环。"),
        whenItAppears: .init(
          "In bounces from the MTA that counted too many hops (Postfix \"mail forwarding loop for ...\", Exchange \"Hop count exceeded\").",
          "出现在统计到跳数过多的 MTA 所生成的退信中（Postfix“mail forwarding loop for ...”、Exchange“Hop count exceeded”）。"),
        clientFix: .init(
          "Check forwarding rules of the recipient (and your own): two mailboxes forwarding to each other create a loop.",
          "检查收件人（以及你自己）的转发规则：两个互相转发的邮箱会造成循环。"),
        serverFix: .init(
          "Fix MX, transport or relay settings that send the mail back; make sure the server knows all its own names (Postfix mydestination).",
          "修正把邮件送回的 MX、transport 或中继设置；确保服务器识别自己所有的名称（Postfix mydestination）。"),
        action: .init("The admin of the forwarding or routing setup.", "负责转发或路由配置的管理员。"),
        typicalTexts: [
          .microsoft("554 5.4.6 Hop count exceeded - possible mail loop")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 4, detail: 7, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [550],
        meaning: .init("Delivery time expired", "投递时间已过期"),
        description: .init(
          "The message stayed in a queue too long (the retry period, for example Postfix maximal_queue_lifetime of 5 days, ran out) and was returned. The real cause is the error of the last delivery attempt.",
          "邮件在队列中停留太久（重试期限已到，例如 Postfix 的 maximal_queue_lifetime 默认 5 天）而被退回。真正的原因是最后一次投递尝试的错误。"),
        whenItAppears: .init(
          "In the bounce the sending MTA generates when it gives up on a deferred message.",
          "出现在发送方 MTA 放弃延迟投递的邮件时生成的退信中。"),
        clientFix: .init(
          "Look at the reason of the last attempt in the bounce (connection timeout, 4xx reply) and fix that; then resend.",
          "查看退信中最后一次尝试的原因（连接超时、4xx 应答）并加以解决；然后重新发送。"),
        serverFix: .init(
          "Investigate why the destination deferred for days; adjust the queue lifetime only if needed.",
          "调查目标为何连续数天延迟接收；只在必要时调整队列生存时间。"),
        action: .init("The sender: fix the cause of the earlier deferrals, then resend.", "发件方：解决之前延迟的原因，然后重发。"),
        typicalTexts: [
          .microsoft("550 4.4.7 QUEUE.Expired; message expired")
        ]))

    return entries
  }
}
