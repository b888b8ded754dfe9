package main

import m "example.com/registercmd/models"

var reports = []any{&m.Report{}}
