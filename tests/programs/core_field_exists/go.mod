module example.com/core_field_exists

go 1.22
