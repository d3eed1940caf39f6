module example.com/sockops_count

go 1.22
