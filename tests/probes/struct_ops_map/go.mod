module example.com/struct_ops_map

go 1.22
