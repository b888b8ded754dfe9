module example.com/err-typecheck

go 1.22
