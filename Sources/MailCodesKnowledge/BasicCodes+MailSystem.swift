import MailCodesSMTP
import MailCodesSupport

// Reference data: the permanent negative basic codes of the mail system, 55x.

extension ReplyCodeReference {
  static func mailSystemBasicCodes() -> [BasicCodeEntry] {
    var entries: [BasicCodeEntry] = []

    entries.append(
      BasicCodeEntry(
        code: 550, references: ["RFC 5321"], repliesTo: [.rcpt, .mail, .endOfData, .connect],
        usualEnhancedCodes: ["5.1.1", "5.7.1", "5.7.26", "5.1.0", "5.7.23", "5.7.25", "5.2.1", "5.4.1"],
        meaning: .init("Requested action not taken: mailbox unavailable", "请求的操作未执行：邮箱不可用"),
        description: .init(
          "A permanent refusal, and the most common one. RFC 5321 means \"mailbox not found or no access\", but in practice 550 is the general \"no\": unknown user, relaying denied, policy or spam rejection, blocklisted IP address, SPF/DKIM/DMARC failure. The enhanced code and the text say which.",
          "永久性拒绝，也是最常见的拒绝。RFC 5321 的本意是“邮箱不存在或无权访问”，但实际上 550 是通用的“拒绝”：用户不存在、拒绝中继、策略或垃圾邮件拒收、IP 地址被列入黑名单、SPF/DKIM/DMARC 验证失败。具体原因由增强状态码和文本说明。"
        ),
        whenItAppears: .init(
          "After RCPT TO (unknown user, relay denied, policy), after MAIL FROM (sender refused), at the end of DATA (content, spam, sender authentication), sometimes already at the greeting or after HELO.",
          "在 RCPT TO 之后（用户不存在、拒绝中继、策略）、MAIL FROM 之后（拒绝发件人）、DATA 结束时（内容、垃圾邮件、发件人认证），有时在问候语或 HELO 之后就出现。"),
        clientFix: .init(
          "Read the enhanced code. 5.1.1: check the spelling of the address. 5.7.1: relaying or policy; authenticate, or ask the recipient's admin. 5.7.26 or 5.7.23: fix SPF, DKIM and DMARC of the sending domain. Blocklist texts: get the IP address delisted after fixing the cause. Do not resend unchanged.",
          "查看增强状态码：5.1.1——检查地址拼写；5.7.1——中继或策略问题：进行身份验证，或联系收件方管理员；5.7.26 或 5.7.23——修复发件域名的 SPF、DKIM 和 DMARC；黑名单类文本——消除原因后申请将 IP 地址移出黑名单。不要原样重发。"
        ),
        serverFix: .init(
          "If legitimate mail is refused, find which restriction matched (the log names it) and adjust it: recipient tables, relay settings, DNS blocklists, authentication checks.",
          "如果正常邮件被拒，找出匹配的限制规则（日志中会写明）并调整：收件人表、中继设置、DNS 黑名单、认证检查。"),
        action: .init(
          "The sender must change something (address, authentication, reputation); the mail bounces.",
          "发件方必须做出更改（地址、认证、信誉）；邮件会被退回。"),
        typicalTexts: [
          .postfix("550 5.1.1 <address>: Recipient address rejected: User unknown in local recipient table"),
          .postfix("550 5.1.1 <address>: Recipient address rejected: User unknown in virtual mailbox table"),
          .exim("550 relay not permitted"),
          .exim("550 Unrouteable address"),
          .exim("550 Administrative prohibition"),
          .sendmail("550 5.1.1 <address>... User unknown"),
          .sendmail("550 5.7.1 <address>... Relaying denied"),
          .gmail(
            "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces."
          ),
          .gmail(
            "550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM."
          ),
          .gmail("550 5.7.1 [<ip>] Our system has detected that this message is likely unsolicited mail."),
          .microsoft("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"),
          .microsoft("550 5.7.1 Unable to relay"),
          .microsoft(
            "550 5.7.606 Access denied, banned sending IP [<ip>]. To request removal from this list please visit https://sender.office.com/ and follow the directions."
          ),
          VendorText(
            vendor: .outlookCom,
            text:
              "550 5.7.1 Unfortunately, messages from [<ip>] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150)."
          ),
          .yahoo(
            "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM."
          ),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 551, references: ["RFC 5321"], repliesTo: [.rcpt], usualEnhancedCodes: ["5.1.6", "5.7.1"],
        meaning: .init("User not local; please try <forward-path>", "用户不在本地；请尝试 <forward-path>"),
        description: .init(
          "The recipient is not served by this server; the text may give the address to use instead. Some servers also use 551 to refuse relaying. Rare today.",
          "该收件人不由本服务器负责；文本中可能给出应改用的地址。有些服务器也用 551 拒绝中继。如今很少见。"),
        whenItAppears: .init(
          "After RCPT TO.",
          "在 RCPT TO 之后。"),
        clientFix: .init(
          "Send to the address given in the reply, if any; otherwise check the recipient address with its owner.",
          "如果应答中给出了地址，改发到该地址；否则与收件人核实地址。"),
        serverFix: .init(
          "Nothing to fix, unless the server should accept the address: then add it to the local or relay domains.",
          "无需处理，除非服务器本应接受该地址：此时应把它加入本地域或中继域。"),
        action: .init("The sender: use the new or correct address.", "发件方：使用新的或正确的地址。"),
        typicalTexts: []))

    entries.append(
      BasicCodeEntry(
        code: 552, references: ["RFC 5321", "RFC 1870"], repliesTo: [.mail, .rcpt, .endOfData],
        usualEnhancedCodes: ["5.3.4", "5.2.2", "5.2.3", "5.7.0"],
        meaning: .init(
          "Requested mail action aborted: exceeded storage allocation",
          "请求的邮件操作中止：超出存储配额"),
        description: .init(
          "The message is too big (RFC 1870 SIZE: it exceeds the server's fixed maximum) or the recipient's mailbox is over its quota. Gmail also uses 552 5.7.0 for content blocked as a security risk.",
          "邮件太大（RFC 1870 SIZE：超过服务器的固定上限），或收件人邮箱超出配额。Gmail 还用 552 5.7.0 表示因存在安全风险而拦截的内容。"),
        whenItAppears: .init(
          "After MAIL FROM with a SIZE= above the limit, after RCPT TO (mailbox over quota), or at the end of DATA (the actual size exceeded the limit, quota, content).",
          "在 SIZE= 超过上限的 MAIL FROM 之后、RCPT TO 之后（邮箱超出配额），或 DATA 结束时（实际大小超限、配额、内容）。"),
        clientFix: .init(
          "Make the message smaller: share big files as links, and remember that attachments grow by about a third when encoded. For a full mailbox, ask the recipient to free space. For 5.7.0 content blocks, remove the flagged attachment type.",
          "减小邮件体积：大文件改用链接分享，并注意附件编码后会增大约三分之一。邮箱已满时，请收件人清理空间。对于 5.7.0 内容拦截，去掉被标记的附件类型。"),
        serverFix: .init(
          "Raise the size limit if appropriate (Postfix message_size_limit, keeping mailbox_size_limit larger; Exim message_size_limit) and check mailbox quotas.",
          "必要时提高大小上限（Postfix message_size_limit，并保持 mailbox_size_limit 更大；Exim message_size_limit），并检查邮箱配额。"),
        action: .init(
          "The sender: make the message smaller; the recipient: free mailbox space.",
          "发件方：减小邮件体积；收件人：清理邮箱空间。"),
        retryNote: .init(
          "RFC 5321 section 4.5.3.1.10: old servers answer RCPT TO with 552 for \"too many recipients\"; clients should treat that case as temporary.",
          "RFC 5321 §4.5.3.1.10：旧的服务器会对 RCPT TO 回复 552 表示“收件人过多”；客户端应把这种情况当作暂时性错误处理。"),
        typicalTexts: [
          .postfix("552 5.3.4 Message size exceeds fixed limit"),
          .exim("552 Message size exceeds maximum permitted"),
          .sendmail("552 5.2.3 Message size exceeds maximum value"),
          .gmail("552 5.2.2 The email account that you tried to reach is over quota."),
          .gmail("552 5.2.3 Your message exceeded Google's message size limits."),
          .gmail("552 5.7.0 This message was blocked because its content presents a potential security issue."),
          .microsoft("552 5.3.4 Message size exceeds fixed maximum message size"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 553, references: ["RFC 5321", "RFC 6531"], repliesTo: [.mail, .rcpt],
        usualEnhancedCodes: ["5.7.1", "5.1.3", "5.1.8", "5.6.7"],
        meaning: .init(
          "Requested action not taken: mailbox name not allowed",
          "请求的操作未执行：邮箱名称不被允许"),
        description: .init(
          "The address is not acceptable: bad syntax, a sender address the client may not use, or (RFC 6531) a non-ASCII address the server cannot handle. Postfix uses 553 when the envelope sender does not belong to the logged-in user (\"not owned by user\") or the client is not logged in.",
          "地址不可接受：语法错误、客户端无权使用的发件人地址，或（RFC 6531）服务器无法处理的非 ASCII 地址。当信封发件人不属于已登录用户（“not owned by user”）或客户端未登录时，Postfix 使用 553。"
        ),
        whenItAppears: .init(
          "After MAIL FROM (sender not allowed or not owned by the authenticated user) or RCPT TO (bad syntax, non-ASCII address).",
          "在 MAIL FROM 之后（发件人不被允许或不属于已验证用户）或 RCPT TO 之后（语法错误、非 ASCII 地址）。"),
        clientFix: .init(
          "Use the sender address of the account you log in with (or authenticate first), and check the address syntax.",
          "使用所登录帐户的发件地址（或先进行身份验证），并检查地址语法。"),
        serverFix: .init(
          "If a legitimate sender/user pair is refused, add it to the sender login map (Postfix smtpd_sender_login_maps).",
          "如果正常的发件人与用户组合被拒，将其加入发件人登录映射（Postfix smtpd_sender_login_maps）。"),
        action: .init(
          "The client: use an allowed, well-formed address (the one of the logged-in account).",
          "客户端：使用允许且格式正确的地址（即已登录帐户的地址）。"),
        typicalTexts: [
          .postfix("553 5.7.1 <address>: Sender address rejected: not owned by user <user>"),
          .postfix("553 5.7.1 <address>: Sender address rejected: not logged in"),
          .sendmail("553 5.1.8 <address>... Domain of sender address <address> does not exist"),
          .yahoo(
            "553 5.7.1 [BL21] Connections will not be accepted from <ip>, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes"
          ),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 554, references: ["RFC 5321"], repliesTo: [.connect, .rcpt, .data, .endOfData],
        usualEnhancedCodes: ["5.7.1", "5.5.1", "5.6.0", "5.3.4"],
        meaning: .init("Transaction failed (or, as the greeting, no SMTP service here)", "事务失败（若作为问候语：此处不提供 SMTP 服务）"),
        description: .init(
          "A permanent, general failure. As the greeting instead of 220 it means \"no SMTP service here\" for this client, often because its IP address is blocklisted. At the end of DATA it means the message was refused (spam, virus, policy). Postfix uses 554 by default for relay denials and DNS blocklist rejections, and \"554 5.5.1 Error: no valid recipients\" when every RCPT TO failed.",
          "永久性的一般失败。代替 220 作为问候语出现时，表示对该客户端“此处不提供 SMTP 服务”，通常是因为其 IP 地址被列入黑名单。在 DATA 结束时出现，表示邮件被拒收（垃圾邮件、病毒、策略）。Postfix 默认用 554 拒绝中继和 DNS 黑名单命中的客户端，并在所有 RCPT TO 都失败时回复“554 5.5.1 Error: no valid recipients”。"
        ),
        whenItAppears: .init(
          "At the greeting, after RCPT TO (Postfix relay and blocklist rejections), after DATA (no valid recipients) or at the end of DATA (content).",
          "在问候时、RCPT TO 之后（Postfix 的中继和黑名单拒绝）、DATA 之后（没有有效收件人）或 DATA 结束时（内容）。"),
        clientFix: .init(
          "Read the text. Blocklisted IP address: fix the cause and request delisting. Relay access denied: authenticate on the submission port, or send to the recipient domain's own MX. Content refused: remove what triggered the filter.",
          "阅读文本。IP 地址被列入黑名单：消除原因并申请移除。Relay access denied（拒绝中继）：在提交端口上进行身份验证，或直接发送到收件域自己的 MX。内容被拒：去掉触发过滤器的内容。"),
        serverFix: .init(
          "Check which restriction matched: DNS blocklist false positives, relay settings (mynetworks, permit_sasl_authenticated, relay_domains), content filter rules.",
          "检查匹配的是哪条限制：DNS 黑名单误报、中继设置（mynetworks、permit_sasl_authenticated、relay_domains）、内容过滤规则。"),
        action: .init(
          "The sender must change something (relay authentication, reputation, content); the mail bounces.",
          "发件方必须做出更改（中继认证、信誉、内容）；邮件会被退回。"),
        typicalTexts: [
          .postfix("554 5.7.1 <address>: Relay access denied"),
          .postfix("554 5.7.1 Service unavailable; Client host [<ip>] blocked using zen.spamhaus.org"),
          .postfix("554 5.5.1 Error: no valid recipients"),
          .exim("554 SMTP synchronization error"),
          .yahoo("554 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes"),
          .yahoo("554 delivery error: dd This user doesn't have a yahoo.com account (<address>) [0] - <host>"),
          VendorText(
            vendor: .iCloud,
            text:
              "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137"
          ),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 555, references: ["RFC 5321"], repliesTo: [.mail, .rcpt], usualEnhancedCodes: ["5.5.4", "5.5.2"],
        meaning: .init(
          "MAIL FROM/RCPT TO parameters not recognized or not implemented",
          "MAIL FROM/RCPT TO 参数无法识别或未实现"),
        description: .init(
          "The client sent an ESMTP parameter (SIZE=, BODY=8BITMIME, SMTPUTF8, NOTIFY=, ...) that the server did not advertise or does not support, or a malformed one. Gmail also answers other syntax errors in these commands with 555 5.5.2.",
          "客户端发送了服务器未公布或不支持的 ESMTP 参数（SIZE=、BODY=8BITMIME、SMTPUTF8、NOTIFY= 等），或参数格式错误。Gmail 对这些命令中的其他语法错误也回复 555 5.5.2。"
        ),
        whenItAppears: .init(
          "After MAIL FROM or RCPT TO with parameters.",
          "在带参数的 MAIL FROM 或 RCPT TO 之后。"),
        clientFix: .init(
          "Send only parameters that the server listed in its EHLO reply; a client that sends parameters after HELO (not EHLO) is broken.",
          "只发送服务器在 EHLO 应答中列出的参数；在 HELO（而不是 EHLO）之后还发送参数的客户端是有问题的。"),
        serverFix: .init(
          "Nothing to fix, unless clients need an extension you do not advertise yet.",
          "无需处理，除非客户端需要一个你尚未公布的扩展。"),
        action: .init(
          "The client: send only parameters advertised in the EHLO reply.",
          "客户端：只发送 EHLO 应答中公布的参数。"),
        typicalTexts: [
          .postfix("555 5.5.4 Unsupported option: <option>"),
          .gmail("555 5.5.2 Syntax error."),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 556, references: ["RFC 7504", "RFC 7505"], repliesTo: [.rcpt], usualEnhancedCodes: ["5.1.10"],
        meaning: .init("Domain does not accept mail", "该域名不接收邮件"),
        description: .init(
          "The recipient's domain has declared that it accepts no mail, normally with a null MX record (\"MX 0 .\", RFC 7505). The sending MTA often produces this status itself, without connecting anywhere; an intermediate server can also send it.",
          "收件人的域名已声明不接收任何邮件，通常是通过空 MX 记录（“MX 0 .”，RFC 7505）。发送方 MTA 往往不连接任何服务器就自己生成此状态；中间服务器也可能发送它。"),
        whenItAppears: .init(
          "After RCPT TO at an intermediate server, or in the sending MTA's own bounce when the recipient domain publishes a null MX.",
          "在中间服务器的 RCPT TO 之后出现，或在收件域发布了空 MX 时出现在发送方 MTA 自己生成的退信中。"),
        clientFix: .init(
          "Check the address: that domain takes no e-mail, so use another address for the recipient.",
          "检查地址：该域名不接收邮件，请使用收件人的其他地址。"),
        serverFix: .init(
          "If your domain should receive mail, remove the null MX record and publish real MX records.",
          "如果你的域名需要接收邮件，删除空 MX 记录并发布真正的 MX 记录。"),
        action: .init(
          "The sender: the domain takes no mail; use another address.",
          "发件方：该域名不接收邮件；请使用其他地址。"),
        typicalTexts: []))

    return entries
  }
}
