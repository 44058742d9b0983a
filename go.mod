module bbctl

go 1.26
