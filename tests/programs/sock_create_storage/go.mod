module example.com/sock_create_storage

go 1.22
