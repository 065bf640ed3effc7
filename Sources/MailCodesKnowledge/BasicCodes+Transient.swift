import MailCodesSMTP
import MailCodesSupport

// Reference data: the transient negative basic codes, 4xx.

extension ReplyCodeReference {
  static func transientBasicCodes() -> [BasicCodeEntry] {
    var entries: [BasicCodeEntry] = []

    entries.append(
      BasicCodeEntry(
        code: 421, references: ["RFC 5321"], repliesTo: [], usualEnhancedCodes: ["4.4.2", "4.7.0", "4.3.2", "4.7.28"],
        meaning: .init("Service not available, closing transmission channel", "服务不可用，正在关闭传输通道"),
        description: .init(
          "The server is closing the connection because of a temporary condition: it is shutting down or overloaded, the client stayed idle too long or made too many errors, or the sender is being rate-limited. The message stays in the sender's queue and is retried later.",
          "服务器因暂时性的情况正在关闭连接：服务器正在关闭或负载过高、客户端空闲太久或出错太多，或者发件方被限速。邮件会留在发件方队列中，稍后重试。"),
        whenItAppears: .init(
          "As the greeting (server busy, too many connections from the client), in answer to any command, or unsolicited when the server ends an idle session (Postfix \"421 4.4.2 ... timeout exceeded\"), shuts down, or throttles the sender (Gmail 421 4.7.0 / 4.7.28).",
          "作为问候语出现（服务器繁忙、来自该客户端的连接过多），作为任意命令的应答出现，或在服务器结束空闲会话（Postfix“421 4.4.2 ... timeout exceeded”）、关闭服务、对发件方限速（Gmail 421 4.7.0 / 4.7.28）时主动发出。"
        ),
        clientFix: .init(
          "Nothing at first: the sending MTA retries. If it keeps happening: lower the number of parallel connections and the sending rate, make sure the client does not pause between commands (timeouts), and check the sending IP's reputation when the text mentions rate limits or unsolicited mail.",
          "起初无需处理：发送方 MTA 会重试。如果反复出现：减少并发连接数和发送速率，确保客户端在命令之间没有长时间停顿（超时），如果文本提到限速或垃圾邮件，检查发送 IP 的信誉。"),
        serverFix: .init(
          "Read the reason in the text. Raise timeouts or connection limits if legitimate clients are hit (Postfix smtpd_timeout, smtpd_client_connection_count_limit; Exim smtp_accept_max, smtp_receive_timeout); otherwise check load, disk space and the health of the service.",
          "查看文本中的原因。如果影响到正常客户端，适当提高超时或连接数上限（Postfix smtpd_timeout、smtpd_client_connection_count_limit；Exim smtp_accept_max、smtp_receive_timeout）；否则检查负载、磁盘空间和服务状态。"
        ),
        action: .init(
          "Usually none right away (retried). Act if it repeats: timeouts, limits or IP reputation.",
          "通常无需立即处理（会重试）。若反复出现则需处理：超时、限制或 IP 信誉。"),
        typicalTexts: [
          .postfix("421 4.4.2 <host> Error: timeout exceeded"),
          .postfix("421 4.7.0 <host> Error: too many errors"),
          .postfix("421 4.7.0 <host> Error: too many connections from <ip>"),
          .exim("421 <host>: SMTP command timeout - closing connection"),
          .exim("421 Too many concurrent SMTP connections; please try again later."),
          .gmail("421 4.7.0 Try again later, closing connection."),
          .gmail(
            "421 4.7.28 [<ip>] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited."
          ),
          .microsoft("421 4.3.2 Service not available, closing transmission channel"),
          .yahoo(
            "421 4.7.0 [TSS04] Messages from <ip> temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes"
          ),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 432, references: ["RFC 4954"], repliesTo: [.auth], usualEnhancedCodes: ["4.7.12"],
        meaning: .init("A password transition is needed", "需要进行密码过渡"),
        description: .init(
          "The server cannot yet use the requested AUTH mechanism for this user: it first needs one login with PLAIN (over an encrypted connection) to derive the credentials the mechanism needs. Rare in practice.",
          "服务器暂时无法为该用户使用所请求的 AUTH 机制：它需要用户先用 PLAIN 机制（在加密连接上）登录一次，以生成该机制所需的凭据。实际中很少见。"),
        whenItAppears: .init(
          "After AUTH with a mechanism (often a challenge-response one) for which the server holds no usable secret yet.",
          "在 AUTH 之后，所用机制（通常是质询-应答类机制）在服务器上还没有可用的凭据时。"),
        clientFix: .init(
          "Log in once with PLAIN over TLS; afterwards the selected mechanism works.",
          "先在 TLS 加密连接上用 PLAIN 登录一次；之后所选机制即可正常使用。"),
        serverFix: .init(
          "Nothing to fix, or migrate the stored password format so that every offered mechanism works.",
          "无需处理，或迁移密码存储格式，使所有提供的机制都可用。"),
        action: .init("Client: authenticate once with PLAIN over TLS.", "客户端：先在 TLS 上用 PLAIN 验证一次。"),
        typicalTexts: [
          .rfc(4954, "432 4.7.12 A password transition is needed")
        ]))

    entries.append(
      BasicCodeEntry(
        code: 450, references: ["RFC 5321"], repliesTo: [.rcpt, .mail, .endOfData],
        usualEnhancedCodes: ["4.2.0", "4.1.1", "4.7.1", "4.2.1"],
        meaning: .init(
          "Requested mail action not taken: mailbox unavailable",
          "请求的邮件操作未执行：邮箱暂时不可用"),
        description: .init(
          "A temporary refusal for a mailbox: it is busy or temporarily blocked by policy, the server greylists the sender, or it could not verify the address or the client's host name right now. The sender retries later.",
          "针对某个邮箱的暂时性拒绝：邮箱繁忙或被策略暂时阻止、服务器对发件方进行灰名单处理，或者暂时无法验证地址或客户端主机名。发件方会稍后重试。"),
        whenItAppears: .init(
          "Mostly after RCPT TO (greylisting, address verification pending, temporary DNS failures), sometimes after MAIL FROM or at the end of DATA.",
          "主要出现在 RCPT TO 之后（灰名单、地址验证尚未完成、暂时性 DNS 失败），有时也出现在 MAIL FROM 之后或 DATA 结束时。"),
        clientFix: .init(
          "Nothing at first: the retry is automatic and greylisting lets the retry through after a few minutes. If it lasts for hours, read the text: missing reverse DNS of the sending host, reputation, or the recipient's rate limit.",
          "起初无需处理：重试是自动的，灰名单通常在几分钟后放行重试。如果持续数小时，请阅读文本：发送主机缺少反向 DNS、信誉问题，或收件人的速率限制。"),
        serverFix: .init(
          "Greylisting delays are expected. If address or DNS checks fail, fix the resolver or the lookup service. Check that soft_bounce or a *_reject_code setting does not turn permanent rejections into 450 by accident.",
          "灰名单造成的延迟属正常现象。如果地址验证或 DNS 检查失败，修复解析器或查询服务。检查 soft_bounce 或某个 *_reject_code 设置是否意外地把永久拒绝变成了 450。"),
        action: .init(
          "Usually none (retried; greylisting clears itself). Act if it lasts for hours.",
          "通常无需处理（会重试；灰名单会自行放行）。持续数小时则需处理。"),
        typicalTexts: [
          .postfix("450 4.1.1 <address>: Recipient address rejected: unverified address: <reason>"),
          .postfix("450 4.7.1 Client host rejected: cannot find your hostname, [<ip>]"),
          .postfix("450 4.1.8 <address>: Sender address rejected: Domain not found"),
          VendorText(
            vendor: .postgrey,
            text:
              "450 4.2.0 <address>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/<domain>.html"
          ),
          .gmail(
            "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. Please resend your message at a later point."
          ),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 451, references: ["RFC 5321"], repliesTo: [], usualEnhancedCodes: ["4.3.0", "4.7.1", "4.4.3", "4.3.5"],
        meaning: .init("Requested action aborted: local error in processing", "请求的操作中止：本地处理出错"),
        description: .init(
          "The server hit an internal problem it expects to be temporary (a lookup table, DNS, a policy service, the disk, a content scanner) and cannot complete the command now. Some servers also use it for temporary policy deferrals.",
          "服务器遇到了它认为是暂时性的内部问题（查找表、DNS、策略服务、磁盘、内容扫描器等），暂时无法完成命令。有些服务器也用它表示暂时性的策略延迟。"),
        whenItAppears: .init(
          "After any command; often after RCPT TO (temporary lookup failure) or at the end of DATA (content filter or antivirus unavailable, queue file write error).",
          "可出现在任意命令之后；常见于 RCPT TO 之后（暂时性查询失败）或 DATA 结束时（内容过滤器或杀毒软件不可用、队列文件写入错误）。"),
        clientFix: .init(
          "Nothing at first: the sending MTA retries. If it persists, contact the receiving postmaster with the exact reply text and time.",
          "起初无需处理：发送方 MTA 会重试。如果一直持续，请把完整的应答文本和时间提供给接收方的邮件管理员。"),
        serverFix: .init(
          "Look at your log at that time. Postfix \"Temporary lookup failure\" means a lookup table (MySQL, LDAP, ...) failed; \"queue file write error\" points to the disk or the content filter; Exim \"Temporary local problem\" means a lookup or ACL error. Once fixed, the retries get through.",
          "查看当时的日志。Postfix 的“Temporary lookup failure”表示某个查找表（MySQL、LDAP 等）出错；“queue file write error”指向磁盘或内容过滤器；Exim 的“Temporary local problem”表示查找或 ACL 出错。修复后，重试的邮件即可送达。"
        ),
        action: .init(
          "The receiving server's admin: a local fault. Senders just wait for the retry.",
          "接收方服务器管理员：本地故障。发件方只需等待重试。"),
        typicalTexts: [
          .postfix("451 4.3.0 <address>: Temporary lookup failure"),
          .postfix("451 4.3.0 Error: queue file write error"),
          .postfix("451 4.3.5 Server configuration error"),
          .exim("451 Temporary local problem - please try later"),
          .gmail("451 4.3.0 Mail server temporarily rejected message."),
          .microsoft("451 4.7.500 Server busy. Please try again later from [<ip>]. (S77719)"),
          .yahoo("451 Message temporarily deferred - [160]"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 452, references: ["RFC 5321", "RFC 1870"], repliesTo: [.mail, .rcpt, .endOfData],
        usualEnhancedCodes: ["4.5.3", "4.3.1", "4.2.2"],
        meaning: .init(
          "Requested action not taken: insufficient system storage",
          "请求的操作未执行：系统存储空间不足"),
        description: .init(
          "The server is short of storage or, very often, the client sent more RCPT TO commands than the server accepts in one transaction (\"too many recipients\", RFC 5321 section 4.5.3.1.10); the client then sends the remaining recipients in a new transaction. Some providers also report a mailbox over quota as 452 4.2.2.",
          "服务器存储空间不足——或者更常见的情况是，客户端在一个事务中发送的 RCPT TO 超过了服务器允许的数量（“too many recipients”，RFC 5321 §4.5.3.1.10）；这时客户端会在新的事务中发送其余收件人。有些邮件服务商也用 452 4.2.2 表示邮箱超出配额。"
        ),
        whenItAppears: .init(
          "After MAIL FROM with a SIZE= larger than the free space (RFC 1870), after RCPT TO (too many recipients, mailbox quota), or at the end of DATA.",
          "在 MAIL FROM 之后（SIZE= 超过可用空间，RFC 1870）、RCPT TO 之后（收件人过多、邮箱配额）或 DATA 结束时。"),
        clientFix: .init(
          "Too many recipients: nothing, a compliant MTA resends the rest in another transaction; lower the recipients per message if the client does not. Storage or quota: wait, or ask the recipient to free space.",
          "收件人过多：无需处理，符合标准的 MTA 会在另一个事务中发送剩余收件人；如果客户端做不到，减少每封邮件的收件人数。存储或配额问题：等待，或请收件人清理邮箱空间。"),
        serverFix: .init(
          "Free disk space (Postfix refuses mail below queue_minfree); raise the recipient limit if appropriate (Postfix smtpd_recipient_limit, Exim recipients_max); check mailbox quotas.",
          "释放磁盘空间（可用空间低于 queue_minfree 时 Postfix 会拒收）；必要时提高收件人上限（Postfix smtpd_recipient_limit、Exim recipients_max）；检查邮箱配额。"
        ),
        action: .init(
          "Usually none (the client splits the recipients or retries). A full disk needs the server admin.",
          "通常无需处理（客户端会拆分收件人或重试）。磁盘已满则需要服务器管理员处理。"),
        typicalTexts: [
          .postfix("452 4.5.3 Error: too many recipients"),
          .postfix("452 4.3.1 Insufficient system storage"),
          .exim("452 too many recipients"),
          .gmail("452 4.5.3 Your message has too many recipients."),
          .gmail("452 4.2.2 The email account that you tried to reach is over quota."),
          .microsoft("452 4.5.3 Too many recipients"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 454, references: ["RFC 4954", "RFC 3207"], repliesTo: [.auth, .starttls, .rcpt],
        usualEnhancedCodes: ["4.7.0"],
        meaning: .init(
          "Temporary authentication failure, or TLS not available for now",
          "暂时性身份验证失败，或 TLS 暂不可用"),
        description: .init(
          "A temporary failure of an extension: the authentication backend (Dovecot, saslauthd, LDAP, ...) failed for now (RFC 4954), or STARTTLS cannot be done at the moment, usually because of a certificate, key or TLS library problem (RFC 3207). Some servers also use 454 4.7.1 for a relay refusal configured as temporary.",
          "扩展功能的暂时性失败：身份验证后端（Dovecot、saslauthd、LDAP 等）暂时出错（RFC 4954），或者暂时无法进行 STARTTLS，通常是证书、私钥或 TLS 库的问题（RFC 3207）。有些服务器在把中继拒绝配置为暂时性时也使用 454 4.7.1。"
        ),
        whenItAppears: .init(
          "After AUTH or STARTTLS; sometimes after RCPT TO.",
          "在 AUTH 或 STARTTLS 之后；有时在 RCPT TO 之后。"),
        clientFix: .init(
          "Retry later. If STARTTLS keeps failing, the server's TLS setup is broken: tell its admin, and do not fall back to sending passwords without encryption.",
          "稍后重试。如果 STARTTLS 一直失败，说明服务器的 TLS 配置有问题：请通知其管理员，不要退回到不加密地发送密码。"),
        serverFix: .init(
          "Check the authentication backend (the Dovecot auth socket, saslauthd) or the TLS certificate and key files and their permissions; the mail log names the cause.",
          "检查身份验证后端（Dovecot auth 套接字、saslauthd），或 TLS 证书、私钥文件及其权限；邮件日志会给出原因。"),
        action: .init(
          "The receiving server's admin: fix the authentication backend or the TLS setup.",
          "接收方服务器管理员：修复身份验证后端或 TLS 配置。"),
        typicalTexts: [
          .postfix("454 4.7.0 TLS not available due to local problem"),
          .exim("454 TLS currently unavailable"),
          .gmail("454 4.7.0 Too many login attempts, please try again later."),
          .rfc(4954, "454 4.7.0 Temporary authentication failure"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 455, references: ["RFC 5321"], repliesTo: [.mail, .rcpt], usualEnhancedCodes: [],
        meaning: .init("Server unable to accommodate parameters", "服务器无法满足参数要求"),
        description: .init(
          "The server recognized the parameters of MAIL FROM or RCPT TO but cannot accommodate them at the moment. Rarely used.",
          "服务器识别了 MAIL FROM 或 RCPT TO 的参数，但暂时无法满足。很少使用。"),
        whenItAppears: .init(
          "After MAIL FROM or RCPT TO with ESMTP parameters.",
          "在带有 ESMTP 参数的 MAIL FROM 或 RCPT TO 之后。"),
        clientFix: .init(
          "Nothing at first (retried). If it persists, try without the parameter the server objects to.",
          "起初无需处理（会重试）。如果持续出现，尝试去掉服务器不接受的参数。"),
        serverFix: .init(
          "Find which parameter or resource is short and fix it.",
          "找出是哪个参数或资源不足并加以解决。"),
        action: .init("Usually none (retried).", "通常无需处理（会重试）。"),
        typicalTexts: []))

    return entries
  }
}
