module example.com/serializers

go 1.22
