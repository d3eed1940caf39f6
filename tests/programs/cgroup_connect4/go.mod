module example.com/cgroup_connect4

go 1.22
