// Values are fake.
package config

import (
	"github.com/redis/go-redis/v9"
)

// ruleid: secret/hardcoded-credential
var jwtSecret = "cc7e0d44fd473002f1c42167459001140ec6389b7353f8088f4d9a95f2f596f2"

func Cache() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr: "cache.acme.internal:6379",
		// ruleid: secret/hardcoded-credential
		Password: "b9739UxUEs58HBfD",
	})
}

func Token() string {
	// ruleid: secret/hardcoded-credential
	apiToken := "99oDCTEyAVxvdITsg5u6fKd6sbpMjQJ0bWL3DDCt"
	return apiToken
}

// ok: secret/hardcoded-credential
const passwordEnv = "DB_PASSWORD"

// ok: secret/hardcoded-credential
var dbPassword = os.Getenv("DB_PASSWORD")
