module example.com/perf_event_count

go 1.22
