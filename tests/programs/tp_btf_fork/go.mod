module example.com/tp_btf_fork

go 1.22
