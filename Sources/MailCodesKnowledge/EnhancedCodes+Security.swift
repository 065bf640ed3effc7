import MailCodesSMTP
import MailCodesSupport

// Reference data: the security or policy status codes X.7.0 to X.7.14 (RFC 3463 §3.8,
// RFC 4954, RFC 5248).

extension ReplyCodeReference {
  static func securityEnhancedCodes() -> [EnhancedCodeEntry] {
    var entries: [EnhancedCodeEntry] = []

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 0, classes: [2, 4, 5], references: ["RFC 3463", "RFC 4954", "RFC 3207"],
        usualBasicCodes: [235, 421, 454, 530, 550, 552, 554],
        meaning: .init("Other or undefined security status", "其他或未定义的安全状态"),
        description: .init(
          "A security-related status without a more specific code, or one the server will not describe because of its security policy. RFC 4954 uses it for AUTH: 235 2.7.0 (success), 454 4.7.0 (temporary failure), 530 5.7.0 (authentication required); STARTTLS errors and provider throttling (Gmail 421 4.7.0) use it too.",
          "没有更具体代码的安全相关状态，或服务器出于安全策略不愿详述的状态。RFC 4954 将它用于 AUTH：235 2.7.0（成功）、454 4.7.0（暂时失败）、530 5.7.0（需要身份验证）；STARTTLS 错误和服务商的限流（Gmail 421 4.7.0）也使用它。"
        ),
        whenItAppears: .init(
          "After AUTH or STARTTLS; after MAIL FROM at a submission port without authentication or TLS; at any point when a provider throttles or blocks the sender.",
          "在 AUTH 或 STARTTLS 之后；在提交端口上未经身份验证或未启用 TLS 时的 MAIL FROM 之后；也可能在服务商对发件方限流或封锁时随时出现。"),
        clientFix: .init(
          "530 5.7.0: authenticate and/or issue STARTTLS first. 454 4.7.0 and 421 4.7.0: wait for the retry, then slow down or check reputation if it repeats. 5.7.0 content blocks: remove the flagged content.",
          "530 5.7.0：先进行身份验证和/或发送 STARTTLS。454 4.7.0 和 421 4.7.0：等待重试，若反复出现则降低速率或检查信誉。5.7.0 内容拦截：去掉被标记的内容。"),
        serverFix: .init(
          "Check TLS certificates and the authentication backend when the code accompanies STARTTLS or AUTH failures.",
          "当该代码伴随 STARTTLS 或 AUTH 失败出现时，检查 TLS 证书和身份验证后端。"),
        action: .init(
          "Depends on the basic code: 2.7.0 none; 4.7.0 wait; 5.7.0 the client must authenticate or change something.",
          "取决于基本代码：2.7.0 无需处理；4.7.0 等待；5.7.0 客户端必须进行身份验证或做出更改。"),
        typicalTexts: [
          .postfix("530 5.7.0 Must issue a STARTTLS command first"),
          .postfix("454 4.7.0 TLS not available due to local problem"),
          .gmail("530 5.7.0 Authentication Required. Learn more at https://support.google.com/mail/?p=WantAuthError"),
          .gmail("421 4.7.0 Try again later, closing connection."),
          .gmail("552 5.7.0 This message was blocked because its content presents a potential security issue."),
          .yahoo(
            "421 4.7.0 [TSS04] Messages from <ip> temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes"
          ),
          .rfc(4954, "235 2.7.0 Authentication Succeeded"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 1, classes: [4, 5], references: ["RFC 3463"],
        usualBasicCodes: [550, 554, 553, 450, 451, 454, 530],
        meaning: .init("Delivery not authorized, message refused", "未授权投递，邮件被拒绝"),
        description: .init(
          "The sender is not authorized to send to this destination: the catch-all code for policy refusals. Relay access denied, blocklisted client IP, sender not owned by the logged-in user, spam verdicts, DMARC rejections by milters. As 4.7.1 it is a temporary policy refusal (reverse DNS not found yet, greylisting). Microsoft 365 uses its own details 5.7.606 to 5.7.649 for banned sending IPs.",
          "发件方无权向该目标发送邮件：策略拒绝的通用代码。包括拒绝中继、客户端 IP 被列入黑名单、发件人不属于已登录用户、判定为垃圾邮件、milter 执行的 DMARC 拒收等。以 4.7.1 出现时是暂时性的策略拒绝（暂时查不到反向 DNS、灰名单）。Microsoft 365 对被封禁的发送 IP 使用自己的细分代码 5.7.606 至 5.7.649。"
        ),
        whenItAppears: .init(
          "After RCPT TO (relay denied, client or sender restrictions), at the greeting or HELO (blocklists), after MAIL FROM (sender login mismatch), at the end of DATA (spam and authentication verdicts).",
          "在 RCPT TO 之后（拒绝中继、客户端或发件人限制）、问候或 HELO 时（黑名单）、MAIL FROM 之后（发件人与登录用户不匹配）、DATA 结束时（垃圾邮件和认证判定）。"),
        clientFix: .init(
          "Relay access denied: authenticate on the submission port (587/465) or send to the recipient domain's own MX. Blocklisted IP: find and fix the cause (infected host, open relay), then request delisting. Spam verdict: fix SPF/DKIM/DMARC, reverse DNS and content. Sender not owned: use your own address.",
          "Relay access denied（拒绝中继）：在提交端口（587/465）上进行身份验证，或直接发送到收件域自己的 MX。IP 被列入黑名单：找出并解决原因（中毒主机、开放中继），再申请移除。被判为垃圾邮件：完善 SPF/DKIM/DMARC、反向 DNS 和邮件内容。发件人不属于你：使用你自己的地址。"
        ),
        serverFix: .init(
          "Find the restriction that fired in the log. For relay denials check mynetworks, permit_sasl_authenticated and relay_domains; for blocklist false positives consider a different DNSBL or a whitelist.",
          "在日志中找出生效的限制规则。对于拒绝中继，检查 mynetworks、permit_sasl_authenticated 和 relay_domains；对于黑名单误报，考虑更换 DNSBL 或添加白名单。"),
        action: .init(
          "The sender: authenticate, fix reputation or authentication, or get delisted.",
          "发件方：进行身份验证、改善信誉或发件认证，或申请移出黑名单。"),
        typicalTexts: [
          .postfix("554 5.7.1 <address>: Relay access denied"),
          .postfix("554 5.7.1 Service unavailable; Client host [<ip>] blocked using zen.spamhaus.org"),
          .postfix("450 4.7.1 Client host rejected: cannot find your hostname, [<ip>]"),
          .postfix("553 5.7.1 <address>: Sender address rejected: not owned by user <user>"),
          VendorText(vendor: VendorText.Vendor("OpenDMARC"), text: "550 5.7.1 rejected by DMARC policy for <domain>"),
          .sendmail("550 5.7.1 <address>... Relaying denied"),
          .gmail("550 5.7.1 [<ip>] Our system has detected that this message is likely unsolicited mail."),
          .microsoft("550 5.7.1 Unable to relay"),
          .microsoft("530 5.7.1 Client was not authenticated"),
          VendorText(
            vendor: .outlookCom,
            text:
              "550 5.7.1 Unfortunately, messages from [<ip>] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150)."
          ),
          .yahoo(
            "553 5.7.1 [BL21] Connections will not be accepted from <ip>, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes"
          ),
          VendorText(
            vendor: .iCloud,
            text:
              "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137"
          ),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 2, classes: [5], references: ["RFC 3463"], usualBasicCodes: [550],
        meaning: .init("Mailing list expansion prohibited", "禁止展开邮件列表"),
        description: .init(
          "The sender is not allowed to post to this mailing list (members-only or moderated list).",
          "发件方无权向该邮件列表发信（仅限成员或受审核的列表）。"),
        whenItAppears: .init(
          "After RCPT TO for a list address, or in the list server's bounce.",
          "在向列表地址发送 RCPT TO 之后，或出现在列表服务器的退信中。"),
        clientFix: .init(
          "Subscribe to the list, post from the subscribed address, or ask the list owner.",
          "订阅该列表、用已订阅的地址发信，或联系列表管理者。"),
        serverFix: .init(
          "Adjust the list's posting policy if the sender should be allowed.",
          "如果应允许该发件人，调整列表的发信策略。"),
        action: .init("The sender: post from a subscribed address.", "发件方：使用已订阅的地址发信。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 3, classes: [5], references: ["RFC 3463"], usualBasicCodes: [554, 535],
        meaning: .init("Security conversion required but not possible", "需要安全转换但无法进行"),
        description: .init(
          "Delivery needed a conversion from one secure messaging protocol to another, which was not possible. Microsoft Exchange sends 5.7.3 with 535 \"Authentication unsuccessful\", a vendor-specific use.",
          "投递需要把一种安全邮件协议转换为另一种，但无法完成。Microsoft Exchange 在 535“Authentication unsuccessful”中使用 5.7.3，这是厂商自定义的用法。"),
        whenItAppears: .init(
          "In gateway bounces; at Exchange after a failed AUTH.",
          "出现在网关的退信中；在 Exchange 上出现在 AUTH 失败之后。"),
        clientFix: .init(
          "At Exchange treat it like 5.7.8: check user name, password and whether SMTP AUTH is allowed for the mailbox.",
          "在 Exchange 上按 5.7.8 处理：检查用户名、密码以及该邮箱是否允许 SMTP AUTH。"),
        serverFix: .init(
          "At Exchange check the receive connector's authentication settings.",
          "在 Exchange 上检查接收连接器的身份验证设置。"),
        action: .init("The user: fix the credentials (at Exchange).", "用户：修正凭据（Exchange）。"),
        typicalTexts: [
          .microsoft("535 5.7.3 Authentication unsuccessful")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 4, classes: [5], references: ["RFC 3463"], usualBasicCodes: [504],
        meaning: .init("Security features not supported", "不支持的安全功能"),
        description: .init(
          "The message or command uses security features, such as an authentication mechanism, that the delivery protocol or server does not support.",
          "邮件或命令使用了投递协议或服务器不支持的安全功能，例如某种身份验证机制。"),
        whenItAppears: .init(
          "After AUTH with an unsupported mechanism (Exchange), or in gateway bounces.",
          "在使用不受支持机制的 AUTH 之后（Exchange），或出现在网关的退信中。"),
        clientFix: .init(
          "Use an authentication mechanism listed in the EHLO reply.",
          "使用 EHLO 应答中列出的身份验证机制。"),
        serverFix: .init(
          "Nothing to fix, unless the mechanism should be offered.",
          "无需处理，除非本应提供该机制。"),
        action: .init("The client: use a supported mechanism.", "客户端：使用受支持的机制。"),
        typicalTexts: [
          .microsoft("504 5.7.4 Unrecognized authentication type")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 5, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [550, 554],
        meaning: .init("Cryptographic failure", "加密处理失败"),
        description: .init(
          "A system authorized to validate or decrypt the message could not do so because the key or other needed information was missing or invalid.",
          "有权验证或解密该邮件的系统无法完成操作，因为缺少密钥或所需信息无效。"),
        whenItAppears: .init(
          "In bounces of gateways that decrypt or verify messages (S/MIME, PGP gateways).",
          "出现在解密或验证邮件的网关（S/MIME、PGP 网关）所生成的退信中。"),
        clientFix: .init(
          "Check the certificate or key used to sign or encrypt the message.",
          "检查用于签名或加密邮件的证书或密钥。"),
        serverFix: .init(
          "Check the keys and certificates configured on the gateway.",
          "检查网关上配置的密钥和证书。"),
        action: .init("The sender or gateway admin: fix keys or certificates.", "发件方或网关管理员：修复密钥或证书。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 6, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [550, 554],
        meaning: .init("Cryptographic algorithm not supported", "不支持的加密算法"),
        description: .init(
          "A system authorized to validate or decrypt the message does not support the algorithm used.",
          "有权验证或解密该邮件的系统不支持所使用的算法。"),
        whenItAppears: .init(
          "In bounces of encryption gateways.",
          "出现在加密网关的退信中。"),
        clientFix: .init(
          "Sign or encrypt with a widely supported algorithm.",
          "使用广泛支持的算法进行签名或加密。"),
        serverFix: .init(
          "Update the gateway if the algorithm should be supported.",
          "如果应支持该算法，更新网关。"),
        action: .init("The sender: use a common algorithm.", "发件方：使用常见的算法。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 7, classes: [2, 4, 5], references: ["RFC 3463"], usualBasicCodes: [250, 550, 554],
        meaning: .init("Message integrity failure", "邮件完整性校验失败"),
        description: .init(
          "A system authorized to validate the message found it corrupted or altered. May be a permanent, a transient or (as a warning) a success code.",
          "有权验证该邮件的系统发现邮件已损坏或被篡改。可以作为永久、暂时或（作为警告的）成功代码使用。"),
        whenItAppears: .init(
          "In reports of gateways that verify signatures.",
          "出现在验证签名的网关所生成的报告中。"),
        clientFix: .init(
          "Find what modifies the message after signing (a footer added by a list or gateway) and sign after that step.",
          "找出签名之后修改邮件的环节（例如邮件列表或网关添加的页脚），并在该步骤之后再签名。"),
        serverFix: .init(
          "Do not modify signed messages in transit.",
          "不要在传输过程中修改已签名的邮件。"),
        action: .init("The sender or whoever alters the message in transit.", "发件方或在传输中修改邮件的一方。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 8, classes: [5], references: ["RFC 4954"], usualBasicCodes: [535],
        meaning: .init("Authentication credentials invalid", "身份验证凭据无效"),
        description: .init(
          "AUTH failed because the credentials are invalid or insufficient; the client should ask the user for new credentials.",
          "由于凭据无效或不足，AUTH 失败；客户端应提示用户重新提供凭据。"),
        whenItAppears: .init(
          "After AUTH, with 535.",
          "在 AUTH 之后，配合 535 出现。"),
        clientFix: .init(
          "Check user name (often the full address) and password; use an app password or OAuth where the provider requires it.",
          "检查用户名（通常是完整地址）和密码；在服务商要求时使用应用专用密码或 OAuth。"),
        serverFix: .init(
          "Check the authentication backend for legitimate users; block sources of repeated failures.",
          "为正常用户检查身份验证后端；封锁反复失败的来源。"),
        action: .init("The user: fix the credentials.", "用户：修正凭据。"),
        typicalTexts: [
          .postfix("535 5.7.8 Error: authentication failed: authentication failure"),
          .gmail(
            "535 5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials"
          ),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 9, classes: [5], references: ["RFC 4954"], usualBasicCodes: [534, 550, 554],
        meaning: .init("Authentication mechanism is too weak", "身份验证机制太弱"),
        description: .init(
          "The selected AUTH mechanism is weaker than the server's policy allows for this user; the client should retry with a stronger one. Gmail sends it when an app password is required. Yahoo reuses 5.7.9 for policy rejections of incoming mail, a vendor-specific use.",
          "所选的 AUTH 机制弱于服务器对该用户允许的策略；客户端应改用更强的机制重试。Gmail 在需要应用专用密码时发送它。Yahoo 把 5.7.9 挪用于入站邮件的策略拒收，这是厂商自定义的用法。"),
        whenItAppears: .init(
          "After AUTH with 534; at Yahoo after RCPT TO or DATA with 550/554.",
          "在 AUTH 之后配合 534 出现；在 Yahoo 上配合 550/554 出现在 RCPT TO 或 DATA 之后。"),
        clientFix: .init(
          "Use a stronger mechanism, an app password or OAuth. For Yahoo's policy use: authenticate your mail with SPF and DKIM and check the reputation of the sending IP.",
          "使用更强的机制、应用专用密码或 OAuth。对于 Yahoo 的策略用法：用 SPF 和 DKIM 认证你的邮件，并检查发送 IP 的信誉。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init(
          "The client: use a stronger mechanism (Yahoo: fix sender authentication).", "客户端：使用更强的机制（Yahoo：完善发件认证）。"),
        typicalTexts: [
          .gmail(
            "534 5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor"
          ),
          .yahoo("554 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes"),
          .yahoo(
            "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM."
          ),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 10, classes: [5], references: ["RFC 5248"], usualBasicCodes: [523],
        meaning: .init("Encryption Needed", "需要加密"),
        description: .init(
          "An external strong privacy layer (TLS) is needed before the requested AUTH mechanism may be used; mainly for plaintext mechanisms. The client can start TLS or choose a stronger mechanism.",
          "在使用所请求的 AUTH 机制之前，需要外部的强隐私保护层（TLS）；主要针对明文机制。客户端可以启用 TLS 或选择更强的机制。"),
        whenItAppears: .init(
          "After AUTH on an unencrypted connection, with 523.",
          "在未加密连接上发送 AUTH 之后，配合 523 出现。"),
        clientFix: .init(
          "Issue STARTTLS (or use port 465) before AUTH.",
          "在 AUTH 之前发送 STARTTLS（或使用 465 端口）。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The client: start TLS before AUTH.", "客户端：在 AUTH 之前启用 TLS。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 11, classes: [5], references: ["RFC 4954"], usualBasicCodes: [538],
        meaning: .init("Encryption required for requested authentication mechanism", "所请求的身份验证机制需要加密"),
        description: .init(
          "The selected AUTH mechanism may only be used on an encrypted connection. Documented for historical purposes: modern servers do not advertise such mechanisms without encryption.",
          "所选的 AUTH 机制只能在加密连接上使用。出于历史原因记录在案：现代服务器在未加密时不会公布这类机制。"),
        whenItAppears: .init(
          "After AUTH on an unencrypted connection, with 538.",
          "在未加密连接上发送 AUTH 之后，配合 538 出现。"),
        clientFix: .init(
          "Issue STARTTLS (or use port 465) before AUTH.",
          "在 AUTH 之前发送 STARTTLS（或使用 465 端口）。"),
        serverFix: .init(
          "Hide plaintext mechanisms until TLS is active (Postfix smtpd_tls_auth_only=yes).",
          "在 TLS 启用之前隐藏明文机制（Postfix smtpd_tls_auth_only=yes）。"),
        action: .init("The client: start TLS before AUTH.", "客户端：在 AUTH 之前启用 TLS。"),
        typicalTexts: [
          .rfc(4954, "538 5.7.11 Encryption required for requested authentication mechanism")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 12, classes: [4], references: ["RFC 4954"], usualBasicCodes: [432],
        meaning: .init("A password transition is needed", "需要进行密码过渡"),
        description: .init(
          "The user must transition to the selected mechanism, typically by authenticating once with PLAIN; afterwards the mechanism works.",
          "用户需要过渡到所选机制，通常是先用 PLAIN 验证一次；之后该机制即可使用。"),
        whenItAppears: .init(
          "After AUTH, with 432.",
          "在 AUTH 之后，配合 432 出现。"),
        clientFix: .init(
          "Authenticate once with PLAIN over TLS.",
          "先在 TLS 上用 PLAIN 验证一次。"),
        serverFix: .init(
          "Nothing to fix.",
          "无需处理。"),
        action: .init("The client: authenticate once with PLAIN over TLS.", "客户端：先在 TLS 上用 PLAIN 验证一次。"),
        typicalTexts: [
          .rfc(4954, "432 4.7.12 A password transition is needed")
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 13, classes: [5], references: ["RFC 5248"], usualBasicCodes: [525],
        meaning: .init("User Account Disabled", "用户帐户已停用"),
        description: .init(
          "Authentication succeeded but the account is disabled (unpaid, abuse, break-in). Permanent until an administrator re-enables it; asking for the password again does not help.",
          "身份验证成功，但帐户已停用（欠费、滥用、被入侵）。在管理员重新启用之前一直有效；重新要求输入密码也无济于事。"),
        whenItAppears: .init(
          "After AUTH, with 525.",
          "在 AUTH 之后，配合 525 出现。"),
        clientFix: .init(
          "Contact the provider or administrator.",
          "联系服务商或管理员。"),
        serverFix: .init(
          "Re-enable the account when the cause is cleared.",
          "原因消除后重新启用帐户。"),
        action: .init("The user: contact the admin to re-enable the account.", "用户：联系管理员重新启用帐户。"),
        typicalTexts: []))

    entries.append(
      EnhancedCodeEntry(
        subject: 7, detail: 14, classes: [5], references: ["RFC 5248"], usualBasicCodes: [535, 554, 534],
        meaning: .init("Trust relationship required", "需要信任关系"),
        description: .init(
          "The submission server needs a configured trust relationship with a third-party server to access the message content (BURL); RFC 5248 replaced X.7.8 with it for this case. Gmail uses 534 5.7.14 when the user must first sign in through a web browser, a vendor-specific use.",
          "提交服务器需要与第三方服务器建立已配置的信任关系才能获取邮件内容（BURL）；RFC 5248 用它取代了此场景下的 X.7.8。Gmail 在用户必须先通过网页浏览器登录时使用 534 5.7.14，这是厂商自定义的用法。"
        ),
        whenItAppears: .init(
          "After BURL at a submission server; at Gmail after AUTH.",
          "在提交服务器上的 BURL 之后；在 Gmail 上出现在 AUTH 之后。"),
        clientFix: .init(
          "Gmail: sign in through the web browser (and confirm the security prompt), then retry; prefer OAuth. BURL: ask the admin to set up the trust.",
          "Gmail：先在网页浏览器中登录（并确认安全提示），然后重试；最好改用 OAuth。BURL：请管理员配置信任关系。"),
        serverFix: .init(
          "For BURL, configure the trust between the submission and IMAP servers.",
          "对于 BURL，配置提交服务器与 IMAP 服务器之间的信任关系。"),
        action: .init(
          "The user (Gmail: sign in via browser) or the admin (BURL trust).", "用户（Gmail：通过浏览器登录）或管理员（BURL 信任关系）。"),
        typicalTexts: [
          .gmail(
            "534 5.7.14 <https://accounts.google.com/signin/continue?...> Please log in via your web browser and then try again."
          )
        ]))

    return entries
  }
}
