module example.com/cgrp_storage_count

go 1.22
