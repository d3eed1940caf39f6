module example.com/sk_msg_verdict

go 1.22
