module example.com/timer_value

go 1.22
