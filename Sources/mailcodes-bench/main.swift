import MailCodesKit
print("bench")
