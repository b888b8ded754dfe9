-- Up

-- Down

