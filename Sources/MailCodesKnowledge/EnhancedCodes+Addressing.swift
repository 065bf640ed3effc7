import MailCodesSMTP
import MailCodesSupport

// Reference data: X.0.0 and the addressing status codes X.1.x (RFC 3463 §3.2, RFC 3886, RFC 7505).

extension ReplyCodeReference {
  static func addressingEnhancedCodes() -> [EnhancedCodeEntry] {
    var entries: [EnhancedCodeEntry] = []

    entries.append(
      EnhancedCodeEntry(
        subject: 0, detail: 0, classes: [2, 4, 5], references: ["RFC 3463"],
        usualBasicCodes: [221, 250, 421, 451, 550, 554],
        meaning: .init("Other undefined status", "其他未定义状态"),
        description: .init(
          "The only undefined code: it says nothing beyond its class. 2.0.0 is the plain \"OK\" many servers attach to successful replies (250 2.0.0, 221 2.0.0); 4.0.0 and 5.0.0 are failures whose cause the server does not classify.",
          "唯一的“未定义”代码：除了类别之外不提供任何信息。2.0.0 是许多服务器附在成功应答上的普通“OK”（250 2.0.0、221 2.0.0）；4.0.0 和 5.0.0 则表示服务器未加分类的失败。"),
        whenItAppears: .init(
          "With any reply: 2.0.0 after DATA, RSET, QUIT; 4.0.0/5.0.0 with errors the server does not map to a specific code.",
          "可出现在任何应答中：2.0.0 常见于 DATA、RSET、QUIT 之后；4.0.0/5.0.0 出现在服务器未映射到具体代码的错误中。"),
        clientFix: .init(
          "For 2.0.0 nothing. For 4.0.0/5.0.0 the reply text is the only clue: read it, and ask the receiving admin if it is unclear.",
          "2.0.0 无需处理。对于 4.0.0/5.0.0，应答文本是唯一的线索：仔细阅读，不清楚时询问接收方管理员。"),
        serverFix: .init(
          "Nothing for 2.0.0. For failures, prefer a specific enhanced code so that senders know what to fix.",
          "2.0.0 无需处理。对于失败，最好使用具体的增强状态码，让发件方知道该修复什么。"),
        action: .init(
          "2.0.0: none. 4.0.0/5.0.0: read the text.",
          "2.0.0：无需处理。4.0.0/5.0.0：阅读应答文本。"),
        typicalTexts: [
          .postfix("250 2.0.0 Ok: queued as <queue-id>"),
          .postfix("221 2.0.0 Bye"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 0, classes: [2, 4, 5], references: ["RFC 3463"], usualBasicCodes: [250, 550, 553],
        meaning: .init("Other address status", "其他地址状态"),
        description: .init(
          "Something about an address (sender or recipient) caused this status, without a more specific code. Postfix attaches 2.1.0 to an accepted MAIL FROM; as a failure it often means the sender address was refused (for example by sender verification).",
          "某个地址（发件人或收件人）导致了此状态，但没有更具体的代码。Postfix 在接受 MAIL FROM 时附带 2.1.0；作为失败时，它常表示发件人地址被拒绝（例如发件人验证失败）。"),
        whenItAppears: .init(
          "After MAIL FROM (2.1.0 accepted, 5.1.0 sender refused) or RCPT TO.",
          "在 MAIL FROM 之后（2.1.0 表示接受，5.1.0 表示拒绝发件人）或 RCPT TO 之后。"),
        clientFix: .init(
          "For failures, check the address and the reply text: the sender domain may not resolve, or sender verification of the address failed.",
          "对于失败，检查地址和应答文本：发件域名可能无法解析，或发件人地址验证未通过。"),
        serverFix: .init(
          "Nothing for 2.1.0. For refusals, see which sender check fired.",
          "2.1.0 无需处理。对于拒绝，查看是哪项发件人检查生效了。"),
        action: .init(
          "2.1.0: none. Failures: check the address.",
          "2.1.0：无需处理。失败时：检查地址。"),
        typicalTexts: [
          .postfix("250 2.1.0 Ok"),
          .microsoft("250 2.1.0 Sender OK"),
          .sendmail("250 2.1.0 <address>... Sender ok"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 1, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [550, 450, 451, 553],
        meaning: .init("Bad destination mailbox address", "目标邮箱地址错误"),
        description: .init(
          "The mailbox does not exist: the part left of the \"@\" is unknown at the destination. The classic \"user unknown\". As 4.1.1 it usually means the address could not be verified yet (Postfix address verification).",
          "邮箱不存在：“@”左侧的部分在目标系统上未知，即典型的“用户不存在”。以 4.1.1 出现时，通常表示地址暂时还无法验证（Postfix 地址验证）。"),
        whenItAppears: .init(
          "After RCPT TO, or in a bounce from a later hop.",
          "在 RCPT TO 之后，或出现在后续中转服务器产生的退信中。"),
        clientFix: .init(
          "Check the spelling of the recipient address and ask the recipient for the right one; remove the address from mailing lists if it keeps bouncing.",
          "检查收件人地址拼写，并向收件人确认正确地址；如果持续退信，把该地址从邮件列表中删除。"),
        serverFix: .init(
          "If the user exists, add the address to the recipient tables (Postfix local_recipient_maps, virtual_mailbox_maps, relay_recipient_maps) or fix the alias.",
          "如果该用户确实存在，把地址加入收件人表（Postfix local_recipient_maps、virtual_mailbox_maps、relay_recipient_maps）或修正别名。"),
        action: .init(
          "The sender: fix or remove the recipient address.",
          "发件方：修正或删除收件人地址。"),
        typicalTexts: [
          .postfix("550 5.1.1 <address>: Recipient address rejected: User unknown in local recipient table"),
          .postfix("550 5.1.1 <address>: Recipient address rejected: User unknown in relay recipient table"),
          .sendmail("550 5.1.1 <address>... User unknown"),
          .gmail(
            "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces."
          ),
          .microsoft("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 2, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [550, 450, 554],
        meaning: .init("Bad destination system address", "目标系统地址错误"),
        description: .init(
          "The destination system does not exist or cannot accept mail: the part right of the \"@\" is invalid for mail (the domain does not exist or has no usable MX or address record).",
          "目标系统不存在或无法接收邮件：“@”右侧的部分不能用于邮件（域名不存在，或没有可用的 MX 或地址记录）。"),
        whenItAppears: .init(
          "After RCPT TO (the server checks the recipient domain), or in a local bounce when the sending MTA cannot find the domain.",
          "在 RCPT TO 之后（服务器检查收件域名），或发送方 MTA 找不到该域名时在本地退信中出现。"),
        clientFix: .init(
          "Check the domain part of the recipient address for typos (gmial.com, outlok.com).",
          "检查收件人地址的域名部分是否有拼写错误（如 gmial.com、outlok.com）。"),
        serverFix: .init(
          "If the domain is yours, publish correct MX and A/AAAA records; if DNS lookups fail temporarily, check the resolver.",
          "如果是你的域名，发布正确的 MX 和 A/AAAA 记录；如果 DNS 查询暂时失败，检查解析器。"),
        action: .init("The sender: fix the recipient domain.", "发件方：修正收件人域名。"),
        typicalTexts: [
          .postfix("450 4.1.2 <address>: Recipient address rejected: Domain not found")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 3, classes: [5], references: ["RFC 3463"], usualBasicCodes: [501, 553],
        meaning: .init("Bad destination mailbox address syntax", "目标邮箱地址语法错误"),
        description: .init(
          "The recipient address is syntactically invalid (missing angle brackets, illegal characters, no domain).",
          "收件人地址语法无效（缺少尖括号、含有非法字符、没有域名部分）。"),
        whenItAppears: .init(
          "After RCPT TO.",
          "在 RCPT TO 之后。"),
        clientFix: .init(
          "Write the address correctly: RCPT TO:<user@example.com>.",
          "正确书写地址：RCPT TO:<user@example.com>。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The client: fix the address syntax.", "客户端：修正地址语法。"),
        typicalTexts: [
          .postfix("501 5.1.3 Bad recipient address syntax")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 4, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [550],
        meaning: .init("Destination mailbox address ambiguous", "目标邮箱地址不明确"),
        description: .init(
          "The address matches more than one recipient at the destination, for example when the server maps names heuristically (\"j.smith\" matching two people).",
          "该地址在目标系统上匹配到多个收件人，例如服务器用启发式方法映射名称时（“j.smith”对应两个人）。"),
        whenItAppears: .init(
          "After RCPT TO.",
          "在 RCPT TO 之后。"),
        clientFix: .init(
          "Use the recipient's exact, full address.",
          "使用收件人准确、完整的地址。"),
        serverFix: .init(
          "Make the address unique, or stop fuzzy matching of local parts.",
          "使地址唯一，或停止对本地部分进行模糊匹配。"),
        action: .init("The sender: use the exact address.", "发件方：使用准确的地址。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 5, classes: [2], references: ["RFC 3463"], usualBasicCodes: [250],
        meaning: .init("Destination address valid", "目标地址有效"),
        description: .init(
          "The recipient address is valid; used in positive replies and delivery reports.",
          "收件人地址有效；用于肯定应答和投递报告。"),
        whenItAppears: .init(
          "After an accepted RCPT TO (250 2.1.5), and in successful DSNs.",
          "在被接受的 RCPT TO 之后（250 2.1.5），以及成功的投递状态通知（DSN）中。"),
        clientFix: .init(
          "Nothing to fix.",
          "无需修复。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("None: the recipient was accepted.", "无需处理：收件人已被接受。"),
        typicalTexts: [
          .postfix("250 2.1.5 Ok"),
          .microsoft("250 2.1.5 Recipient OK"),
          .sendmail("250 2.1.5 <address>... Recipient ok"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 6, classes: [5], references: ["RFC 3463"], usualBasicCodes: [550, 551],
        meaning: .init("Destination mailbox has moved, No forwarding address", "目标邮箱已迁移，无转发地址"),
        description: .init(
          "The address was valid once but no longer accepts mail, and the server knows no new address (a former employee, a closed account).",
          "该地址曾经有效，但已不再接收邮件，且服务器不知道新地址（例如已离职员工、已注销的帐户）。"),
        whenItAppears: .init(
          "After RCPT TO.",
          "在 RCPT TO 之后。"),
        clientFix: .init(
          "Find the recipient's new address by other means and update your address book or list.",
          "通过其他途径获取收件人的新地址，并更新通讯录或邮件列表。"),
        serverFix: .init(
          "Nothing to fix; optionally publish a forwarding address (551) for a while.",
          "无需处理；也可以在一段时间内提供转发地址（551）。"),
        action: .init("The sender: find the new address.", "发件方：查找新地址。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 7, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [501, 553, 550],
        meaning: .init("Bad sender's mailbox address syntax", "发件人邮箱地址语法错误"),
        description: .init(
          "The sender address (MAIL FROM) is syntactically invalid.",
          "发件人地址（MAIL FROM）语法无效。"),
        whenItAppears: .init(
          "After MAIL FROM.",
          "在 MAIL FROM 之后。"),
        clientFix: .init(
          "Configure a valid envelope sender: MAIL FROM:<user@example.com>, or <> for bounces.",
          "配置有效的信封发件人：MAIL FROM:<user@example.com>，退信则使用 <>。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The client: fix the sender address.", "客户端：修正发件人地址。"),
        typicalTexts: [
          .postfix("501 5.1.7 Bad sender address syntax"),
          .microsoft("501 5.1.7 Invalid address"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 8, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [450, 451, 501, 550, 553],
        meaning: .init("Bad sender's system address", "发件人系统地址错误"),
        description: .init(
          "The sender's domain does not exist or cannot receive mail, so bounces could not be returned; servers refuse such senders. 4.1.8 means the DNS lookup failed temporarily.",
          "发件人的域名不存在或无法接收邮件，因此无法退回退信；服务器会拒绝这样的发件人。4.1.8 表示 DNS 查询暂时失败。"),
        whenItAppears: .init(
          "After MAIL FROM, or after RCPT TO when the server checks the sender late (Postfix reject_unknown_sender_domain).",
          "在 MAIL FROM 之后，或服务器延迟检查发件人时在 RCPT TO 之后（Postfix reject_unknown_sender_domain）。"),
        clientFix: .init(
          "Use a sender address whose domain exists in DNS with MX or A records; applications often send as user@localhost or an internal domain by mistake.",
          "使用在 DNS 中有 MX 或 A 记录的域名作为发件地址；应用程序经常误用 user@localhost 或内部域名发信。"),
        serverFix: .init(
          "Nothing to fix if the sender domain is really missing; for 4.1.8 check your resolver.",
          "如果发件域名确实不存在则无需处理；对于 4.1.8，检查你的解析器。"),
        action: .init("The sender: use a real, resolvable sender domain.", "发件方：使用真实、可解析的发件域名。"),
        typicalTexts: [
          .postfix("450 4.1.8 <address>: Sender address rejected: Domain not found"),
          .sendmail("553 5.1.8 <address>... Domain of sender address <address> does not exist"),
          .sendmail("451 4.1.8 Domain of sender address <address> does not resolve"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 9, classes: [2], references: ["RFC 3886"], usualBasicCodes: [250],
        meaning: .init("Message relayed to non-compliant mailer", "邮件已中继到不兼容的邮件系统"),
        description: .init(
          "The address was valid, but the message was relayed to a system that does not support message tracking (RFC 3886), so no further status can be given.",
          "地址有效，但邮件被中继到了不支持邮件跟踪（RFC 3886）的系统，因此无法提供后续状态。"),
        whenItAppears: .init(
          "In message tracking and delivery status reports, not in normal SMTP replies.",
          "出现在邮件跟踪和投递状态报告中，一般不会出现在普通 SMTP 应答里。"),
        clientFix: .init(
          "Nothing to fix; tracking ends at that hop.",
          "无需修复；跟踪到该中转节点为止。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("None: informational.", "无需处理：仅为信息。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 1, detail: 10, classes: [5], references: ["RFC 7505"], usualBasicCodes: [556, 550],
        meaning: .init("Recipient address has null MX", "收件人地址的域名为空 MX"),
        description: .init(
          "The recipient's domain publishes a null MX (\"MX 0 .\", RFC 7505): it accepts no mail. Microsoft 365 also uses 5.1.10 for a recipient that does not exist in the tenant (RESOLVER.ADR.RecipientNotFound).",
          "收件人的域名发布了空 MX（“MX 0 .”，RFC 7505）：该域名不接收任何邮件。Microsoft 365 也用 5.1.10 表示收件人在租户中不存在（RESOLVER.ADR.RecipientNotFound）。"
        ),
        whenItAppears: .init(
          "In the sending MTA's own bounce, or after RCPT TO (556 5.1.10). At Microsoft 365: after RCPT TO for an unknown recipient.",
          "出现在发送方 MTA 自己生成的退信中，或 RCPT TO 之后（556 5.1.10）。在 Microsoft 365 上：RCPT TO 的收件人不存在时。"),
        clientFix: .init(
          "Check the recipient address: the domain takes no mail (or, at Microsoft 365, the mailbox does not exist).",
          "检查收件人地址：该域名不接收邮件（或在 Microsoft 365 上该邮箱不存在）。"),
        serverFix: .init(
          "If the domain should receive mail, replace the null MX with real MX records; at Microsoft 365 create the mailbox or fix the proxy address.",
          "如果该域名需要接收邮件，用真正的 MX 记录替换空 MX；在 Microsoft 365 上创建邮箱或修正代理地址。"),
        action: .init("The sender: use another address.", "发件方：使用其他地址。"),
        typicalTexts: [
          .microsoft("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")
        ]))

    return entries
  }
}
