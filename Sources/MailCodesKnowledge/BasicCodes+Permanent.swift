import MailCodesSMTP
import MailCodesSupport

// Reference data: the permanent negative basic codes 50x (syntax), 52x and 53x (extensions).

extension ReplyCodeReference {
  static func permanentBasicCodes() -> [BasicCodeEntry] {
    var entries: [BasicCodeEntry] = []

    entries.append(
      BasicCodeEntry(
        code: 500, references: ["RFC 5321", "RFC 4954"], repliesTo: [],
        usualEnhancedCodes: ["5.5.1", "5.5.2", "5.5.6"],
        meaning: .init("Syntax error, command unrecognized", "语法错误，命令无法识别"),
        description: .init(
          "The server did not understand the command: an unknown verb, a line that is too long, or bytes that are not SMTP. RFC 4954 also uses 500 5.5.6 when an AUTH answer line is too long. Port 25 receives many of these from scanners that speak HTTP or other protocols.",
          "服务器无法理解该命令：未知的命令动词、过长的命令行，或根本不是 SMTP 的数据。RFC 4954 还规定 AUTH 回应行过长时使用 500 5.5.6。25 端口经常从使用 HTTP 等其他协议的扫描器那里收到这类命令。"
        ),
        whenItAppears: .init(
          "After any command line the server cannot parse: unknown verbs, garbage, HTTP requests (\"GET / HTTP/1.1\"), over-long lines, an AUTH answer that is too long.",
          "在服务器无法解析的任何命令行之后：未知命令、乱码、HTTP 请求（“GET / HTTP/1.1”）、过长的行、过长的 AUTH 回应。"),
        clientFix: .init(
          "Send valid SMTP commands. If a real mail client gets 500, look for a firewall or \"SMTP inspection\" device that rewrites the session (commands turned into XXXX), or for lines longer than 512 bytes.",
          "发送合法的 SMTP 命令。如果正常的邮件客户端收到 500，检查是否有防火墙或“SMTP 检查”设备改写了会话（命令被替换成 XXXX），或命令行超过 512 字节。"),
        serverFix: .init(
          "Usually nothing: most are scanners. Many 500s from one address are probes that postscreen, fail2ban or an error limit can cut short.",
          "通常无需处理：大多是扫描器。来自同一地址的大量 500 属于探测行为，可用 postscreen、fail2ban 或错误次数上限及早断开。"),
        action: .init(
          "The client (or a device in between) sends something that is not valid SMTP.",
          "客户端（或中间设备）发送了不合法的 SMTP 内容。"),
        typicalTexts: [
          .exim("500 unrecognized command"),
          .sendmail("500 5.5.1 Command unrecognized: \"<command>\""),
          .microsoft("500 5.3.3 Unrecognized command"),
          .rfc(4954, "500 5.5.6 Authentication Exchange line is too long"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 501, references: ["RFC 5321"], repliesTo: [.helo, .ehlo, .mail, .rcpt, .auth],
        usualEnhancedCodes: ["5.5.4", "5.5.2", "5.1.3", "5.1.7"],
        meaning: .init("Syntax error in parameters or arguments", "参数语法错误"),
        description: .init(
          "The command was recognized but its argument is malformed: an address without angle brackets in MAIL FROM:<...>, an invalid HELO name, a bad address, an AUTH answer that is not valid base64, or an AUTH exchange cancelled by the client with \"*\".",
          "命令已被识别，但参数格式不正确：MAIL FROM:<...> 中的地址缺少尖括号、HELO 名称无效、地址错误、AUTH 回应不是合法的 base64，或客户端用“*”取消了 AUTH 交互。"),
        whenItAppears: .init(
          "After HELO/EHLO, MAIL FROM, RCPT TO or AUTH with a malformed argument.",
          "在参数格式错误的 HELO/EHLO、MAIL FROM、RCPT TO 或 AUTH 之后。"),
        clientFix: .init(
          "Fix the client: write \"MAIL FROM:<user@example.com>\" with angle brackets and no space after the colon, and send a valid HELO name (a fully qualified host name or an address literal such as [192.0.2.1]).",
          "修正客户端：使用“MAIL FROM:<user@example.com>”的格式，带尖括号且冒号后不加空格；发送有效的 HELO 名称（完整的主机名，或 [192.0.2.1] 这样的地址字面量）。"),
        serverFix: .init(
          "Usually nothing. If legitimate clients are hit, relax the strictness (Postfix strict_rfc821_envelopes=no).",
          "通常无需处理。如果影响到正常客户端，可以放宽严格程度（Postfix strict_rfc821_envelopes=no）。"),
        action: .init("The client must fix its command syntax.", "客户端必须修正命令语法。"),
        typicalTexts: [
          .postfix("501 5.5.4 Syntax: MAIL FROM:<address>"),
          .postfix("501 5.1.3 Bad recipient address syntax"),
          .postfix("501 Syntax: HELO hostname"),
          .exim("501 Syntactically invalid HELO argument(s)"),
          .sendmail("501 5.5.2 Syntax error in parameters scanning \"from\""),
          .gmail("501 5.5.4 Empty HELO/EHLO argument not allowed, closing connection."),
          .microsoft("501 5.5.4 Invalid domain name"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 502, references: ["RFC 5321"], repliesTo: [.vrfy, .expn, .etrn, .help],
        usualEnhancedCodes: ["5.5.1", "5.5.2"],
        meaning: .init("Command not implemented", "命令未实现"),
        description: .init(
          "The server knows the command but does not implement it or has disabled it (VRFY, EXPN, ETRN, TURN). Some servers, Postfix and Gmail among them, answer every unknown command with 502.",
          "服务器知道该命令，但没有实现或已将其禁用（VRFY、EXPN、ETRN、TURN）。有些服务器（包括 Postfix 和 Gmail）对所有未知命令都回复 502。"),
        whenItAppears: .init(
          "After VRFY, EXPN, ETRN, HELP or an unknown command.",
          "在 VRFY、EXPN、ETRN、HELP 或未知命令之后。"),
        clientFix: .init(
          "Do not use the command; rely only on the extensions listed in the EHLO reply.",
          "不要使用该命令；只使用 EHLO 应答中列出的扩展。"),
        serverFix: .init(
          "Nothing to fix; disabling VRFY and EXPN is good practice.",
          "无需处理；禁用 VRFY 和 EXPN 是良好的做法。"),
        action: .init(
          "None for probes; a client that relies on the command must stop using it.",
          "对探测行为无需处理；依赖该命令的客户端必须停止使用它。"),
        typicalTexts: [
          .postfix("502 5.5.2 Error: command not recognized"),
          .postfix("502 5.5.1 VRFY command is disabled"),
          .gmail("502 5.5.1 Unrecognized command."),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 503, references: ["RFC 5321"], repliesTo: [.mail, .rcpt, .data, .auth, .starttls, .bdat],
        usualEnhancedCodes: ["5.5.1", "5.5.0"],
        meaning: .init("Bad sequence of commands", "命令顺序错误"),
        description: .init(
          "The command is valid but not at this point: RCPT before MAIL, DATA before any accepted RCPT, MAIL before HELO/EHLO, a second MAIL in one transaction, AUTH when it is not offered or the client is already logged in. It is often a follow-on error: when every RCPT TO was rejected, the DATA that a pipelining client sends anyway gets 503.",
          "命令本身有效，但出现的时机不对：MAIL 之前发送 RCPT、还没有被接受的 RCPT 就发送 DATA、HELO/EHLO 之前发送 MAIL、同一事务中第二次发送 MAIL、在未提供 AUTH 或已登录时发送 AUTH。它常常是连带错误：所有 RCPT TO 都被拒绝后，使用流水线（PIPELINING）的客户端照常发送的 DATA 会得到 503。"
        ),
        whenItAppears: .init(
          "After MAIL, RCPT, DATA, BDAT, AUTH or STARTTLS sent out of order.",
          "在顺序不正确的 MAIL、RCPT、DATA、BDAT、AUTH 或 STARTTLS 之后。"),
        clientFix: .init(
          "Follow the order EHLO, [STARTTLS, EHLO], [AUTH], MAIL FROM, RCPT TO..., DATA. If DATA gets 503 \"need RCPT\", look at the earlier RCPT TO replies: their rejection is the real cause.",
          "按照 EHLO、[STARTTLS、EHLO]、[AUTH]、MAIL FROM、RCPT TO...、DATA 的顺序发送。如果 DATA 得到 503“need RCPT”，请查看之前 RCPT TO 的应答：它们被拒绝才是真正的原因。"
        ),
        serverFix: .init(
          "Nothing to fix. If AUTH gets 503 \"authentication not enabled\" on a port where users should log in, enable SASL there (Postfix smtpd_sasl_auth_enable=yes).",
          "无需处理。如果在用户需要登录的端口上 AUTH 得到 503“authentication not enabled”，请在该端口启用 SASL（Postfix smtpd_sasl_auth_enable=yes）。"
        ),
        action: .init(
          "The client: fix the command order, or look at the earlier rejection that caused it.",
          "客户端：修正命令顺序，或查看导致它的前一个拒绝。"),
        typicalTexts: [
          .postfix("503 5.5.1 Error: need RCPT command"),
          .postfix("503 5.5.1 Error: need MAIL command"),
          .postfix("503 5.5.1 Error: send HELO/EHLO first"),
          .postfix("503 5.5.1 Error: authentication not enabled"),
          .exim("503 sender already given"),
          .exim("503 valid RCPT command must precede DATA"),
          .sendmail("503 5.5.1 Need MAIL before RCPT"),
          .gmail("503 5.5.1 RCPT first."),
          .microsoft("503 5.5.2 Need rcpt command"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 504, references: ["RFC 5321", "RFC 4954"], repliesTo: [.auth, .helo, .ehlo, .mail, .rcpt],
        usualEnhancedCodes: ["5.5.4", "5.5.2", "5.7.4"],
        meaning: .init("Command parameter not implemented", "命令参数未实现"),
        description: .init(
          "The command is known but a parameter is not supported, most often an AUTH mechanism the server does not offer (RFC 4954). Postfix also uses 504 by default to reject host names and addresses that are not fully qualified (reject_non_fqdn_helo_hostname, reject_non_fqdn_sender, reject_non_fqdn_recipient).",
          "命令已知，但某个参数不受支持，最常见的是服务器没有提供的 AUTH 机制（RFC 4954）。Postfix 默认也用 504 拒绝不完整（非 FQDN）的主机名和地址（reject_non_fqdn_helo_hostname、reject_non_fqdn_sender、reject_non_fqdn_recipient）。"
        ),
        whenItAppears: .init(
          "After AUTH with a mechanism that is not offered; at Postfix after HELO, MAIL FROM or RCPT TO with a name that is not fully qualified (user@localhost, HELO myserver).",
          "在使用未提供机制的 AUTH 之后；在 Postfix 上，在名称不完整的 HELO、MAIL FROM 或 RCPT TO 之后（如 user@localhost、HELO myserver）。"),
        clientFix: .init(
          "Use an AUTH mechanism listed in the EHLO reply; use fully qualified host names and addresses (mail.example.com, user@example.com).",
          "使用 EHLO 应答中列出的 AUTH 机制；使用完整的主机名和地址（mail.example.com、user@example.com）。"),
        serverFix: .init(
          "Nothing to fix, unless internal clients must use short names: then exempt them (permit_mynetworks before reject_non_fqdn_*).",
          "无需处理，除非内部客户端必须使用短名称：此时可将其豁免（把 permit_mynetworks 放在 reject_non_fqdn_* 之前）。"),
        action: .init(
          "The client: use an offered AUTH mechanism or a fully qualified name.",
          "客户端：使用服务器提供的 AUTH 机制或完整的名称。"),
        typicalTexts: [
          .postfix("504 5.5.2 <name>: Helo command rejected: need fully-qualified hostname"),
          .postfix("504 5.5.2 <address>: Sender address rejected: need fully-qualified address"),
          .microsoft("504 5.7.4 Unrecognized authentication type"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 521, references: ["RFC 7504"], repliesTo: [.connect], usualEnhancedCodes: ["5.3.2"],
        meaning: .init("Host does not accept mail", "主机不接收邮件"),
        description: .init(
          "The host does not accept mail at all (RFC 7504). A host that runs an SMTP listener but wants no mail can greet with 521 instead of 220; servers also send it when they refuse a client for good. The client should not retry this host, but may try other MX hosts of the domain.",
          "该主机根本不接收邮件（RFC 7504）。运行了 SMTP 监听但不想接收邮件的主机可以用 521 代替 220 作为问候；服务器在永久拒绝某个客户端时也会发送它。客户端不应重试该主机，但可以尝试该域名的其他 MX 主机。"
        ),
        whenItAppears: .init(
          "As the greeting instead of 220, or in answer to a command after the server decided to drop the client. Postfix postscreen's \"drop\" action answers with 521 before hanging up.",
          "代替 220 作为问候语出现，或在服务器决定断开客户端后作为命令的应答出现。Postfix postscreen 的“drop”动作会先回复 521 再挂断。"),
        clientFix: .init(
          "Do not send to that host: check the MX records of the recipient domain. If postscreen drops you, fix what it objected to (talking before the greeting, a DNS blocklist listing).",
          "不要向该主机发送：检查收件域的 MX 记录。如果被 postscreen 断开，请解决它所针对的问题（在问候语之前抢先发送数据、被 DNS 黑名单收录）。"),
        serverFix: .init(
          "If the host should receive mail, remove the 521 greeting or the rule that drops the client; otherwise nothing to fix.",
          "如果该主机应该接收邮件，去掉 521 问候语或断开客户端的规则；否则无需处理。"),
        action: .init(
          "The sender: this host will never take the mail; use the right MX host.",
          "发件方：该主机不会接收邮件；请使用正确的 MX 主机。"),
        typicalTexts: []))

    entries.append(
      BasicCodeEntry(
        code: 523, references: ["RFC 5248"], repliesTo: [.auth], usualEnhancedCodes: ["5.7.10"],
        meaning: .init("Encryption needed", "需要加密"),
        description: .init(
          "The requested AUTH mechanism may only be used over an encrypted connection. RFC 5248 registers 523 together with 5.7.10 for this case. It is rare: most servers answer 538 5.7.11 or 530 5.7.0 instead, or simply do not offer plaintext mechanisms before STARTTLS.",
          "所请求的 AUTH 机制只能在加密连接上使用。RFC 5248 为此情况登记了 523 与 5.7.10 的组合。这很少见：大多数服务器会改用 538 5.7.11 或 530 5.7.0，或者在 STARTTLS 之前干脆不提供明文机制。"
        ),
        whenItAppears: .init(
          "After AUTH on a connection that is not encrypted.",
          "在未加密连接上发送 AUTH 之后。"),
        clientFix: .init(
          "Issue STARTTLS first (or connect to port 465 with implicit TLS), then authenticate.",
          "先发送 STARTTLS（或连接使用隐式 TLS 的 465 端口），再进行身份验证。"),
        serverFix: .init(
          "Nothing to fix; make sure STARTTLS is offered and works.",
          "无需处理；确保提供 STARTTLS 且其工作正常。"),
        action: .init("The client: start TLS before AUTH.", "客户端：在 AUTH 之前启用 TLS。"),
        typicalTexts: []))

    entries.append(
      BasicCodeEntry(
        code: 525, references: ["RFC 5248"], repliesTo: [.auth], usualEnhancedCodes: ["5.7.13"],
        meaning: .init("User account disabled", "用户帐户已停用"),
        description: .init(
          "The credentials were correct but the account is disabled (unpaid, abuse, suspected break-in). RFC 5248 registers 525 with 5.7.13 for this case. Unlike 535, typing the password again will not help until an administrator re-enables the account.",
          "凭据正确，但帐户已被停用（欠费、滥用、疑似被入侵）。RFC 5248 为此情况登记了 525 与 5.7.13 的组合。与 535 不同，在管理员重新启用帐户之前，重新输入密码也无济于事。"),
        whenItAppears: .init(
          "After a successful AUTH exchange for a disabled account.",
          "在已停用帐户完成 AUTH 交互之后。"),
        clientFix: .init(
          "Contact the provider or administrator to get the account re-enabled.",
          "联系服务商或管理员重新启用帐户。"),
        serverFix: .init(
          "Re-enable the account once the reason for disabling it is cleared (for example after a password reset following a compromise).",
          "在停用原因消除后重新启用帐户（例如帐户被盗后已重置密码）。"),
        action: .init(
          "The user: contact the provider; the admin must re-enable the account.",
          "用户：联系服务商；需由管理员重新启用帐户。"),
        typicalTexts: []))

    entries.append(
      BasicCodeEntry(
        code: 530, references: ["RFC 4954", "RFC 3207"], repliesTo: [.mail, .rcpt, .data, .auth],
        usualEnhancedCodes: ["5.7.0", "5.7.1"],
        meaning: .init("Authentication required", "需要身份验证"),
        description: .init(
          "The server refuses the command until the client has authenticated with AUTH (RFC 4954) or, in the STARTTLS sense of RFC 3207, until it has switched to TLS. It is typical of submission ports (587, 465) and of servers that require encryption. The same command fails again until the client logs in or starts TLS.",
          "在客户端通过 AUTH 完成身份验证（RFC 4954）之前，或者按 RFC 3207 STARTTLS 的含义、在客户端切换到 TLS 之前，服务器拒绝执行该命令。这在提交端口（587、465）和要求加密的服务器上很常见。在客户端登录或启用 TLS 之前，同样的命令会一直失败。"
        ),
        whenItAppears: .init(
          "Mostly after MAIL FROM (also RCPT TO, DATA, or AUTH itself when TLS must come first): on a submission port when the client did not authenticate, or before STARTTLS when the server requires TLS (Postfix smtpd_tls_security_level=encrypt). A mail server that delivers to port 587 instead of 25 also gets it.",
          "主要出现在 MAIL FROM 之后（也可能在 RCPT TO、DATA 之后，或在必须先启用 TLS 时出现在 AUTH 本身之后）：客户端在提交端口上未进行身份验证，或服务器要求 TLS 而客户端尚未发送 STARTTLS（Postfix smtpd_tls_security_level=encrypt）。把邮件投递到 587 而不是 25 端口的邮件服务器也会遇到。"
        ),
        clientFix: .init(
          "Turn on SMTP authentication (user name and password) in the mail client or application and turn on STARTTLS, or use port 465 with implicit TLS. If the text says STARTTLS, the client must issue STARTTLS before MAIL FROM. Server-to-server mail belongs on port 25 of the MX host, not on the submission port.",
          "在邮件客户端或应用中开启 SMTP 身份验证（用户名和密码）并开启 STARTTLS，或改用隐式 TLS 的 465 端口。如果文本提到 STARTTLS，客户端必须在 MAIL FROM 之前先发送 STARTTLS。服务器之间的邮件应投递到 MX 主机的 25 端口，而不是提交端口。"
        ),
        serverFix: .init(
          "Nothing if intended. If ordinary MX traffic gets 530, do not require AUTH or TLS on port 25: in Postfix keep smtpd_tls_security_level=may for port 25 and set encrypt/AUTH only on the submission services in master.cf.",
          "如果这是预期行为则无需处理。如果普通的 MX 流量收到 530，不要在 25 端口上强制要求 AUTH 或 TLS：在 Postfix 中让 25 端口保持 smtpd_tls_security_level=may，只在 master.cf 的提交服务上设置 encrypt 和 AUTH。"
        ),
        action: .init(
          "The client must authenticate (AUTH) and/or issue STARTTLS first.",
          "客户端必须先进行身份验证（AUTH）和/或发送 STARTTLS。"),
        typicalTexts: [
          .postfix("530 5.7.0 Must issue a STARTTLS command first"),
          .gmail("530 5.7.0 Authentication Required. Learn more at https://support.google.com/mail/?p=WantAuthError"),
          .gmail("530 5.7.0 Must issue a STARTTLS command first."),
          .microsoft("530 5.7.1 Client was not authenticated"),
          .microsoft("530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM"),
          .rfc(4954, "530 5.7.0 Authentication required"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 534, references: ["RFC 4954"], repliesTo: [.auth], usualEnhancedCodes: ["5.7.9", "5.7.14"],
        meaning: .init("Authentication mechanism is too weak", "身份验证机制太弱"),
        description: .init(
          "The chosen AUTH mechanism is weaker than the server's policy requires for this user. Gmail uses 534 5.7.9 when an app password is required and 534 5.7.14 when the user must first sign in through a web browser.",
          "所选的 AUTH 机制弱于服务器对该用户要求的策略。Gmail 在需要应用专用密码时使用 534 5.7.9，在用户必须先通过网页浏览器登录时使用 534 5.7.14。"),
        whenItAppears: .init(
          "After AUTH.",
          "在 AUTH 之后。"),
        clientFix: .init(
          "Choose a stronger mechanism or encrypt the connection first; at Gmail use an app password or OAuth 2.0, or sign in through the web browser when asked.",
          "选择更强的机制，或先加密连接；对于 Gmail，使用应用专用密码或 OAuth 2.0，或按提示先在网页浏览器中登录。"),
        serverFix: .init(
          "Nothing to fix; make sure the mechanisms you advertise are ones the policy accepts.",
          "无需处理；确保所公布的机制都是策略允许的。"),
        action: .init(
          "The client: use a stronger mechanism (or an app password / OAuth).",
          "客户端：使用更强的机制（或应用专用密码 / OAuth）。"),
        typicalTexts: [
          .gmail(
            "534 5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor"
          ),
          .gmail(
            "534 5.7.14 <https://accounts.google.com/signin/continue?...> Please log in via your web browser and then try again."
          ),
          .rfc(4954, "534 5.7.9 Authentication mechanism is too weak"),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 535, references: ["RFC 4954"], repliesTo: [.auth], usualEnhancedCodes: ["5.7.8", "5.7.0", "5.7.3"],
        meaning: .init("Authentication credentials invalid", "身份验证凭据无效"),
        description: .init(
          "AUTH failed: wrong user name or password, an account not allowed to use SMTP AUTH, or (at Microsoft 365) SMTP AUTH or basic authentication disabled for the tenant or mailbox. Many 535s from the same address are a password-guessing attack.",
          "AUTH 失败：用户名或密码错误、帐户不允许使用 SMTP AUTH，或者在 Microsoft 365 上租户或邮箱禁用了 SMTP AUTH 或基本身份验证。来自同一地址的大量 535 是猜密码攻击。"),
        whenItAppears: .init(
          "After AUTH, once the client has sent its credentials.",
          "在 AUTH 之后，客户端发送凭据时。"),
        clientFix: .init(
          "Check the user name (often the full e-mail address) and password; use an app password when the account has two-factor authentication; at Microsoft 365 make sure SMTP AUTH is enabled for the mailbox, or use OAuth.",
          "检查用户名（通常是完整的邮件地址）和密码；帐户开启了双重验证时使用应用专用密码；在 Microsoft 365 上确认该邮箱已启用 SMTP AUTH，或改用 OAuth。"),
        serverFix: .init(
          "For a legitimate user, check the authentication backend (Dovecot SASL, saslauthd) and the account. For many failures from one address, block the source: fail2ban, Postfix smtpd_client_auth_rate_limit, firewall rules.",
          "对于正常用户，检查身份验证后端（Dovecot SASL、saslauthd）和帐户本身。对于来自同一地址的大量失败，封锁来源：fail2ban、Postfix smtpd_client_auth_rate_limit、防火墙规则。"
        ),
        action: .init(
          "The user: fix the user name or password. The server admin: block brute-force sources.",
          "用户：修正用户名或密码。服务器管理员：封锁暴力破解的来源。"),
        typicalTexts: [
          .postfix("535 5.7.8 Error: authentication failed: authentication failure"),
          .exim("535 Incorrect authentication data"),
          .sendmail("535 5.7.0 authentication failed"),
          .gmail(
            "535 5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials"
          ),
          .microsoft("535 5.7.3 Authentication unsuccessful"),
          .microsoft(
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information."
          ),
        ]))

    entries.append(
      BasicCodeEntry(
        code: 538, references: ["RFC 4954"], repliesTo: [.auth], usualEnhancedCodes: ["5.7.11"],
        meaning: .init(
          "Encryption required for requested authentication mechanism",
          "所请求的身份验证机制需要加密"),
        description: .init(
          "The chosen AUTH mechanism may only be used over an encrypted connection. RFC 4954 keeps this code for historical purposes: modern servers simply do not advertise such mechanisms before TLS.",
          "所选的 AUTH 机制只能在加密连接上使用。RFC 4954 保留此代码只是出于历史原因：现代服务器在 TLS 之前根本不会公布这类机制。"),
        whenItAppears: .init(
          "After AUTH on a connection that is not encrypted.",
          "在未加密连接上发送 AUTH 之后。"),
        clientFix: .init(
          "Issue STARTTLS first (or use port 465 with implicit TLS), then authenticate.",
          "先发送 STARTTLS（或改用隐式 TLS 的 465 端口），再进行身份验证。"),
        serverFix: .init(
          "Nothing to fix; better not advertise plaintext mechanisms before TLS (Postfix smtpd_tls_auth_only=yes).",
          "无需处理；最好在 TLS 之前不公布明文机制（Postfix smtpd_tls_auth_only=yes）。"),
        action: .init("The client: start TLS before AUTH.", "客户端：在 AUTH 之前启用 TLS。"),
        typicalTexts: [
          .rfc(4954, "538 5.7.11 Encryption required for requested authentication mechanism")
        ]))

    return entries
  }
}
