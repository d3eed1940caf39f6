module example.com/core_type_info

go 1.22
