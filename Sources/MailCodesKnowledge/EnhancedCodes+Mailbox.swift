import MailCodesSMTP
import MailCodesSupport

// Reference data: the mailbox status codes X.2.x (RFC 3463 §3.3).

extension ReplyCodeReference {
  static func mailboxEnhancedCodes() -> [EnhancedCodeEntry] {
    var entries: [EnhancedCodeEntry] = []

    entries.append(
      EnhancedCodeEntry(
        subject: 2, detail: 0, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [450, 550],
        meaning: .init("Other or undefined mailbox status", "其他或未定义的邮箱状态"),
        description: .init(
          "The mailbox exists, but something about it caused this status. Greylisting software (postgrey) uses 4.2.0 for its temporary refusal.",
          "邮箱存在，但其某种情况导致了此状态。灰名单软件（postgrey）用 4.2.0 表示暂时拒绝。"),
        whenItAppears: .init(
          "After RCPT TO or at the end of DATA.",
          "在 RCPT TO 之后或 DATA 结束时。"),
        clientFix: .init(
          "For 4.2.0 greylisting nothing: the retry goes through. Otherwise read the text.",
          "对于 4.2.0 灰名单无需处理：重试会通过。其他情况请阅读应答文本。"),
        serverFix: .init(
          "Check the mailbox's state in the message store.",
          "检查邮件存储中该邮箱的状态。"),
        action: .init(
          "Greylisting: none (retried). Otherwise read the text.",
          "灰名单：无需处理（会重试）。其他情况阅读文本。"),
        typicalTexts: [
          VendorText(
            vendor: .postgrey,
            text:
              "450 4.2.0 <address>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/<domain>.html"
          )
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 2, detail: 1, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [450, 550],
        meaning: .init("Mailbox disabled, not accepting messages", "邮箱已停用，不接收邮件"),
        description: .init(
          "The mailbox exists but does not accept messages: disabled or suspended (permanent), or temporarily blocked, for example when it receives mail too fast (Gmail 4.2.1).",
          "邮箱存在但不接收邮件：已停用或被暂停（永久），或被暂时阻止，例如接收邮件过快时（Gmail 4.2.1）。"),
        whenItAppears: .init(
          "After RCPT TO or at the end of DATA.",
          "在 RCPT TO 之后或 DATA 结束时。"),
        clientFix: .init(
          "5.2.1: the account is disabled; reach the recipient another way. 4.2.1: slow down, the retry will succeed later.",
          "5.2.1：帐户已停用，请通过其他方式联系收件人。4.2.1：放慢发送速度，稍后重试会成功。"),
        serverFix: .init(
          "Re-enable the mailbox if it was disabled by mistake.",
          "如果邮箱被误停用，将其重新启用。"),
        action: .init(
          "The recipient (or their admin) must re-enable the mailbox; 4.2.1 clears by itself.",
          "收件人（或其管理员）需要重新启用邮箱；4.2.1 会自行恢复。"),
        typicalTexts: [
          .gmail("550 5.2.1 The email account that you tried to reach is disabled."),
          .gmail(
            "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. Please resend your message at a later point."
          ),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 2, detail: 2, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [452, 552, 554],
        meaning: .init("Mailbox full", "邮箱已满"),
        description: .init(
          "The recipient's mailbox is over its quota. RFC 3463 meant it as a transient failure (the recipient can delete mail), but many providers send it as permanent (552 5.2.2).",
          "收件人邮箱超出配额。RFC 3463 本意是把它作为暂时性失败（收件人可以删除邮件腾出空间），但许多服务商以永久失败（552 5.2.2）发送。"),
        whenItAppears: .init(
          "After RCPT TO or at the end of DATA, and in delivery reports from the recipient's message store.",
          "在 RCPT TO 之后或 DATA 结束时，以及收件方邮件存储生成的投递报告中。"),
        clientFix: .init(
          "Tell the recipient by other means to free space, then resend; nothing else helps.",
          "通过其他方式通知收件人清理空间，然后重发；其他办法都无效。"),
        serverFix: .init(
          "Raise the quota or help the user clean up; for abandoned mailboxes consider disabling them.",
          "提高配额或协助用户清理；对于已废弃的邮箱，考虑将其停用。"),
        action: .init("The recipient: free mailbox space.", "收件人：清理邮箱空间。"),
        typicalTexts: [
          .gmail("452 4.2.2 The email account that you tried to reach is over quota."),
          .gmail("552 5.2.2 The email account that you tried to reach is over quota."),
          .microsoft("554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException"),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 2, detail: 3, classes: [5], references: ["RFC 3463"], usualBasicCodes: [552],
        meaning: .init("Message length exceeds administrative limit", "邮件长度超出管理限制"),
        description: .init(
          "The message is larger than a per-mailbox (or per-system administrative) size limit. Sendmail and Gmail use 5.2.3 for \"message too big\".",
          "邮件大小超出了单个邮箱（或系统管理设定）的大小限制。Sendmail 和 Gmail 用 5.2.3 表示“邮件过大”。"),
        whenItAppears: .init(
          "At the end of DATA, or after MAIL FROM with a SIZE= above the limit.",
          "在 DATA 结束时，或在 SIZE= 超出上限的 MAIL FROM 之后。"),
        clientFix: .init(
          "Send a smaller message: share large files as links, compress or split attachments.",
          "发送更小的邮件：大文件用链接分享，压缩或拆分附件。"),
        serverFix: .init(
          "Raise the limit if it is too low for your users.",
          "如果限制对用户来说太低，适当提高。"),
        action: .init("The sender: make the message smaller.", "发件方：减小邮件体积。"),
        typicalTexts: [
          .sendmail("552 5.2.3 Message size exceeds maximum value"),
          .gmail("552 5.2.3 Your message exceeded Google's message size limits."),
        ]))

    entries.append(
      EnhancedCodeEntry(
        subject: 2, detail: 4, classes: [4, 5], references: ["RFC 3463"], usualBasicCodes: [550, 450],
        meaning: .init("Mailing list expansion problem", "邮件列表展开出错"),
        description: .init(
          "The address is a mailing list and the list could not be expanded (a broken member file, a failing list server).",
          "该地址是邮件列表，但列表无法展开（成员文件损坏、列表服务器故障）。"),
        whenItAppears: .init(
          "After RCPT TO for a list address, or in a bounce from the list server.",
          "在向列表地址发送 RCPT TO 之后，或出现在列表服务器的退信中。"),
        clientFix: .init(
          "Tell the list owner; retry later if it was 4.2.4.",
          "通知列表管理者；如果是 4.2.4，稍后重试。"),
        serverFix: .init(
          "Fix the list configuration or the list manager software.",
          "修复列表配置或列表管理软件。"),
        action: .init("The list owner or server admin.", "列表管理者或服务器管理员。"),
        typicalTexts: []))

    return entries
  }
}
