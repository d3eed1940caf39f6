module example.com/tcp_cc_reno

go 1.22
