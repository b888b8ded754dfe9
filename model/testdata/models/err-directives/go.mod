module example.com/err-directives

go 1.22
