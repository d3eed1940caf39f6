module example.com/core_task_types

go 1.22
