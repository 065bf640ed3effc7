import MailCodesSMTP
import MailCodesSupport

// Reference data: the security or policy status codes X.7.15 to X.7.30 (RFC 6710, RFC 7293,
// RFC 7372, RFC 7505, RFC 8617, RFC 8689 and the IANA registry).

extension ReplyCodeReference {
  static func senderPolicyEnhancedCodes() -> [EnhancedCodeEntry] {
    var entries: [EnhancedCodeEntry] = []

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 15, classes: [4, 5], references: ["RFC 6710"], usualBasicCodes: [450, 550],
        meaning: .init("Priority Level is too low", "优先级过低"),
        description: .init(
          "The priority requested with MT-PRIORITY is below the lowest the server accepts, possibly only for now (a server accepting only high-priority mail while overloaded).",
          "通过 MT-PRIORITY 请求的优先级低于服务器接受的最低优先级，可能只是暂时的（服务器过载时只接受高优先级邮件）。"),
        whenItAppears: .init(
          "After MAIL FROM with an MT-PRIORITY parameter.",
          "在带有 MT-PRIORITY 参数的 MAIL FROM 之后。"),
        clientFix: .init(
          "4.7.15: wait for the retry. 5.7.15: send with a higher priority, if you are allowed to.",
          "4.7.15：等待重试。5.7.15：在允许的情况下使用更高的优先级发送。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender: raise the priority or wait.", "发件方：提高优先级或等待。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 16, classes: [4, 5], references: ["RFC 6710"], usualBasicCodes: [552],
        meaning: .init("Message is too big for the specified priority", "邮件对于指定优先级而言过大"),
        description: .init(
          "The message is too big for the requested MT-PRIORITY; possibly only for now (a server accepting only small high-priority messages).",
          "对于所请求的 MT-PRIORITY 优先级，邮件过大；可能只是暂时的（服务器只接受小体积的高优先级邮件）。"),
        whenItAppears: .init(
          "After MAIL FROM with MT-PRIORITY and SIZE, or at the end of DATA.",
          "在带 MT-PRIORITY 和 SIZE 的 MAIL FROM 之后，或 DATA 结束时。"),
        clientFix: .init(
          "Send a smaller message or use a lower priority.",
          "发送更小的邮件，或使用更低的优先级。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender: smaller message or lower priority.", "发件方：减小邮件或降低优先级。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 17, classes: [5], references: ["RFC 7293"], usualBasicCodes: [550],
        meaning: .init("Mailbox owner has changed", "邮箱所有者已变更"),
        description: .init(
          "The message carried a Require-Recipient-Valid-Since date (RRVS extension or header) and the mailbox has not belonged to the same owner continuously since then, so it was not delivered to the new owner.",
          "邮件带有 Require-Recipient-Valid-Since 日期（RRVS 扩展或头部），而该邮箱自该日期以来并非一直属于同一所有者，因此邮件没有投递给新的所有者。"),
        whenItAppears: .init(
          "After RCPT TO with an RRVS parameter, or at the end of DATA with the header field.",
          "在带有 RRVS 参数的 RCPT TO 之后，或在带该头部字段的 DATA 结束时。"),
        clientFix: .init(
          "The address now belongs to someone else: confirm the user's current address and update your records.",
          "该地址现已属于他人：确认用户当前的地址并更新你的记录。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender: update the address of the user.", "发件方：更新该用户的地址。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 18, classes: [5], references: ["RFC 7293"], usualBasicCodes: [550],
        meaning: .init("Domain owner has changed", "域名所有者已变更"),
        description: .init(
          "With RRVS, the receiving system discloses that the owner of the recipient's domain has changed since the given date.",
          "在使用 RRVS 时，接收系统告知：收件人域名的所有者自指定日期以来已经变更。"),
        whenItAppears: .init(
          "After RCPT TO with an RRVS parameter, or at the end of DATA with the header field.",
          "在带有 RRVS 参数的 RCPT TO 之后，或在带该头部字段的 DATA 结束时。"),
        clientFix: .init(
          "Confirm the user's current address; the domain has a new owner.",
          "确认用户当前的地址；该域名已有新的所有者。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender: update the address of the user.", "发件方：更新该用户的地址。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 19, classes: [4, 5], references: ["RFC 7293"], usualBasicCodes: [550, 450],
        meaning: .init("RRVS test cannot be completed", "无法完成 RRVS 检查"),
        description: .init(
          "The receiving system supports RRVS but could not determine whether the mailbox (or domain) has been under continuous ownership since the given date.",
          "接收系统支持 RRVS，但无法确定该邮箱（或域名）自指定日期以来是否一直属于同一所有者。"),
        whenItAppears: .init(
          "After RCPT TO with an RRVS parameter, or at the end of DATA.",
          "在带有 RRVS 参数的 RCPT TO 之后，或 DATA 结束时。"),
        clientFix: .init(
          "Send without the RRVS requirement if delivery matters more than the ownership check.",
          "如果投递比所有权检查更重要，去掉 RRVS 要求后再发送。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender: resend without RRVS, or confirm the address.", "发件方：不带 RRVS 重发，或确认地址。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 20, classes: [5], references: ["RFC 7372"], usualBasicCodes: [550],
        meaning: .init("No passing DKIM signature found", "未找到验证通过的 DKIM 签名"),
        description: .init(
          "The message has no DKIM signature that verifies, and the receiver's policy requires one.",
          "邮件中没有能够验证通过的 DKIM 签名，而接收方策略要求必须有。"),
        whenItAppears: .init(
          "At the end of DATA.",
          "在 DATA 结束时。"),
        clientFix: .init(
          "Sign outgoing mail with DKIM and make sure nothing alters it after signing; check that the public key is published in DNS.",
          "对外发邮件进行 DKIM 签名，并确保签名后没有环节修改邮件；检查公钥是否已发布在 DNS 中。"),
        serverFix: .init(
          "Nothing to fix, unless your policy is stricter than intended.",
          "无需处理，除非你的策略比预期更严格。"),
        action: .init("The sender: sign with DKIM.", "发件方：使用 DKIM 签名。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 21, classes: [5], references: ["RFC 7372"], usualBasicCodes: [550],
        meaning: .init("No acceptable DKIM signature found", "未找到可接受的 DKIM 签名"),
        description: .init(
          "The message has passing DKIM signatures, but none is acceptable to the receiver (for example a weak key or a signing domain the policy does not accept).",
          "邮件有验证通过的 DKIM 签名，但没有一个能被接收方接受（例如密钥太弱，或签名域名不被策略接受）。"),
        whenItAppears: .init(
          "At the end of DATA.",
          "在 DATA 结束时。"),
        clientFix: .init(
          "Sign with your own domain and a strong key (RSA 2048 bits or Ed25519 together with RSA).",
          "用你自己的域名和强密钥签名（RSA 2048 位，或 Ed25519 搭配 RSA）。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender: sign with an acceptable DKIM key and domain.", "发件方：使用可接受的 DKIM 密钥和域名签名。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 22, classes: [5], references: ["RFC 7372"], usualBasicCodes: [550],
        meaning: .init("No valid author-matched DKIM signature found", "未找到与作者匹配的有效 DKIM 签名"),
        description: .init(
          "The message has passing DKIM signatures, but none whose domain matches the author address in the From header field (a special case of X.7.21).",
          "邮件有验证通过的 DKIM 签名，但没有一个签名的域名与 From 头部中的作者地址相匹配（X.7.21 的特例）。"),
        whenItAppears: .init(
          "At the end of DATA.",
          "在 DATA 结束时。"),
        clientFix: .init(
          "Sign with the domain of the From address (d= must match it), not only with the sending service's domain.",
          "用 From 地址的域名签名（d= 必须与之匹配），而不仅仅用发送服务商的域名签名。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender: sign with the From domain.", "发件方：用 From 域名签名。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 23, classes: [5], references: ["RFC 7372", "RFC 7208"], usualBasicCodes: [550],
        meaning: .init("SPF validation failed", "SPF 验证失败"),
        description: .init(
          "The SPF check of the sender gave \"fail\": the sending IP address is not authorized by the domain's SPF record. Replaces 5.7.1 for this case (RFC 7208 section 8.4).",
          "发件人的 SPF 检查结果为“fail”：发送 IP 地址未被该域名的 SPF 记录授权。在这种情况下取代 5.7.1（RFC 7208 §8.4）。"),
        whenItAppears: .init(
          "After MAIL FROM or RCPT TO (SPF checked during the transaction), or at the end of DATA.",
          "在 MAIL FROM 或 RCPT TO 之后（在事务中进行 SPF 检查），或 DATA 结束时。"),
        clientFix: .init(
          "Add the sending server or service to the SPF record of the envelope sender's domain (for example include: of your mail provider). Forwarded mail fails SPF: the forwarder should rewrite the sender (SRS).",
          "把发送服务器或服务加入信封发件人域名的 SPF 记录（例如加入邮件服务商的 include:）。转发的邮件会 SPF 失败：转发方应改写发件人（SRS）。"),
        serverFix: .init(
          "Nothing to fix; consider accepting SPF failures from known forwarders.",
          "无需处理；可以考虑对已知转发方的 SPF 失败放行。"),
        action: .init("The sender's domain admin: fix the SPF record.", "发件域名管理员：修正 SPF 记录。"),
        typicalTexts: [
          .microsoft("550 5.7.23 The message was rejected because of Sender Policy Framework violation")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 24, classes: [4, 5], references: ["RFC 7372", "RFC 7208"], usualBasicCodes: [451, 550],
        meaning: .init("SPF validation error", "SPF 验证出错"),
        description: .init(
          "Evaluating SPF gave an error: \"temperror\" (a DNS timeout, 4.7.24) or \"permerror\" (a broken SPF record, 5.7.24). Replaces 4.4.3 and 5.5.2 for these cases (RFC 7208 sections 8.6 and 8.7).",
          "SPF 评估出错：“temperror”（DNS 超时，4.7.24）或“permerror”（SPF 记录有误，5.7.24）。在这些情况下取代 4.4.3 和 5.5.2（RFC 7208 §8.6、§8.7）。"
        ),
        whenItAppears: .init(
          "After MAIL FROM or RCPT TO, or at the end of DATA.",
          "在 MAIL FROM 或 RCPT TO 之后，或 DATA 结束时。"),
        clientFix: .init(
          "Fix the SPF record: a single v=spf1 record, valid syntax, at most 10 DNS lookups. For temperror, make sure the domain's DNS servers answer.",
          "修正 SPF 记录：只保留一条 v=spf1 记录，语法正确，DNS 查询次数不超过 10 次。对于 temperror，确保该域名的 DNS 服务器能正常应答。"),
        serverFix: .init(
          "For frequent temperrors check your own resolver.",
          "如果 temperror 频繁出现，检查你自己的解析器。"),
        action: .init("The sender's domain admin: fix the SPF record or DNS.", "发件域名管理员：修正 SPF 记录或 DNS。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 25, classes: [4, 5], references: ["RFC 7372"], usualBasicCodes: [550],
        meaning: .init("Reverse DNS validation failed", "反向 DNS 验证失败"),
        description: .init(
          "The SMTP client's IP address failed a reverse DNS check: no PTR record, or the PTR name does not resolve back to the same address.",
          "SMTP 客户端的 IP 地址未通过反向 DNS 检查：没有 PTR 记录，或 PTR 名称无法解析回同一地址。"),
        whenItAppears: .init(
          "At the greeting, after HELO or after MAIL FROM/RCPT TO, depending on where the server checks.",
          "取决于服务器在何处检查：在问候时、HELO 之后或 MAIL FROM/RCPT TO 之后。"),
        clientFix: .init(
          "Ask whoever controls the IP address (ISP, hosting provider) for a PTR record naming a host whose A/AAAA record points back to the same address.",
          "请 IP 地址的控制方（ISP、托管服务商）设置 PTR 记录，指向一个 A/AAAA 记录又解析回同一地址的主机名。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender's network admin: set up matching reverse DNS.", "发件方网络管理员：配置匹配的反向 DNS。"),
        typicalTexts: [
          .gmail(
            "550 5.7.25 [<ip>] The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP."
          )
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 26, classes: [4, 5], references: ["RFC 7372"], usualBasicCodes: [550, 421],
        meaning: .init("Multiple authentication checks failed", "多项认证检查失败"),
        description: .init(
          "The message failed more than one authentication check (SPF, DKIM, ...) contrary to the receiver's policy. Gmail sends 5.7.26 for unauthenticated mail and for DMARC failures (\"Unauthenticated email from <domain> is not accepted due to domain's DMARC policy\"). Microsoft 365 uses its own 5.7.509 for DMARC rejections.",
          "邮件未通过多项认证检查（SPF、DKIM 等），违反了接收方的策略。Gmail 对未经认证的邮件和 DMARC 失败都发送 5.7.26（“Unauthenticated email from <domain> is not accepted due to domain's DMARC policy”）。Microsoft 365 对 DMARC 拒收使用自己的 5.7.509。"
        ),
        whenItAppears: .init(
          "At the end of DATA, once the headers have been checked.",
          "在 DATA 结束、头部检查完成之后。"),
        clientFix: .init(
          "Authenticate the sending domain: an SPF record that includes every sending service, DKIM signatures with the From domain, and a DMARC record; then check that the SPF or DKIM domain aligns with the From domain.",
          "对发件域名进行认证：SPF 记录包含所有发信服务，使用 From 域名进行 DKIM 签名，并发布 DMARC 记录；然后检查 SPF 或 DKIM 的域名是否与 From 域名对齐。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender's domain admin: set up SPF, DKIM and DMARC.", "发件域名管理员：配置 SPF、DKIM 和 DMARC。"),
        typicalTexts: [
          .gmail(
            "550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM."
          ),
          .gmail("550 5.7.26 Unauthenticated email from <domain> is not accepted due to domain's DMARC policy."),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 27, classes: [5], references: ["RFC 7505"], usualBasicCodes: [550],
        meaning: .init("Sender address has null MX", "发件人地址的域名为空 MX"),
        description: .init(
          "The sender's domain publishes a null MX, so it cannot receive bounces; the receiver refuses such senders.",
          "发件人的域名发布了空 MX，因此无法接收退信；接收方拒绝这样的发件人。"),
        whenItAppears: .init(
          "After MAIL FROM, or after RCPT TO when the sender is checked late.",
          "在 MAIL FROM 之后，或延迟检查发件人时在 RCPT TO 之后。"),
        clientFix: .init(
          "Send from a domain that can receive mail; a no-reply domain still needs working MX records to send.",
          "使用能接收邮件的域名发信；即使是不回复（no-reply）域名，要发信也需要可用的 MX 记录。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender: use a domain that accepts mail.", "发件方：使用可以接收邮件的域名。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 28, classes: [4, 5], references: ["IANA registry"], usualBasicCodes: [421, 450, 550],
        meaning: .init("Mail flood detected", "检测到邮件洪泛"),
        description: .init(
          "The message appears to be part of a flood of similar abusive messages. Gmail uses 4.7.28 to rate-limit an IP address that sends an unusual amount of unsolicited mail.",
          "该邮件似乎属于大量类似滥用邮件的一部分（邮件洪泛）。Gmail 用 4.7.28 对发送异常数量垃圾邮件的 IP 地址进行限速。"),
        whenItAppears: .init(
          "At the greeting or after RCPT TO/DATA when the receiver sees a surge from the sender.",
          "当接收方发现来自该发件方的流量激增时，在问候时或 RCPT TO/DATA 之后出现。"),
        clientFix: .init(
          "Slow down; send only to recipients who asked for the mail, honor unsubscribes, and fix a compromised account or host if the volume is not yours.",
          "降低发送速率；只发给主动订阅的收件人，及时处理退订请求；如果流量不是你发的，修复被盗用的帐户或主机。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The sender: lower the volume and improve list hygiene.", "发件方：降低发送量并清理收件人列表。"),
        typicalTexts: [
          .gmail(
            "421 4.7.28 [<ip>] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited."
          )
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 29, classes: [5], references: ["RFC 8617"], usualBasicCodes: [550],
        meaning: .init("ARC validation failure", "ARC 验证失败"),
        description: .init(
          "The message failed ARC (Authenticated Received Chain) validation, which intermediaries such as mailing lists use to preserve authentication results.",
          "邮件未通过 ARC（已认证接收链）验证；邮件列表等中间方用 ARC 来保留认证结果。"),
        whenItAppears: .init(
          "At the end of DATA.",
          "在 DATA 结束时。"),
        clientFix: .init(
          "If you run the forwarding service or list, fix its ARC signing; otherwise tell the intermediary.",
          "如果你运营的是转发服务或邮件列表，修复其 ARC 签名；否则通知该中间方。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The intermediary that signs ARC.", "负责 ARC 签名的中间方。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 30, classes: [5], references: ["RFC 8689"], usualBasicCodes: [550],
        meaning: .init("REQUIRETLS support required", "需要支持 REQUIRETLS"),
        description: .init(
          "The message was sent with a REQUIRETLS requirement, and none of the servers it should be forwarded to supports REQUIRETLS, so it could not be passed on.",
          "邮件带有 REQUIRETLS 要求，但它应被转发到的服务器都不支持 REQUIRETLS，因此无法继续传送。"),
        whenItAppears: .init(
          "In the bounce of a relay that could not find a REQUIRETLS-capable next hop.",
          "出现在找不到支持 REQUIRETLS 的下一跳的中继所生成的退信中。"),
        clientFix: .init(
          "Send without REQUIRETLS, or choose a recipient whose servers support it.",
          "不带 REQUIRETLS 发送，或选择服务器支持它的收件人。"),
        serverFix: .init(
          "Support REQUIRETLS on the next hop if such mail must be delivered.",
          "如果必须投递这类邮件，在下一跳上支持 REQUIRETLS。"),
        action: .init("The sender: drop REQUIRETLS or use another route.", "发件方：去掉 REQUIRETLS 或改用其他路径。"),
        typicalTexts: []))

    return entries
  }
}
