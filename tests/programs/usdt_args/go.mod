module example.com/usdt_args

go 1.22
