module example.com/cgroup_sock_create

go 1.22
