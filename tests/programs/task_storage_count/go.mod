module example.com/task_storage_count

go 1.22
