// Values are fake.
package config

import (
	"os"
	"github.com/redis/go-redis/v9"
)

// ruleid: secret/hardcoded-credential
var jwtSecret = os.Getenv("JWT_SECRET")

func Cache() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr: "cache.acme.internal:6379",
		// ruleid: secret/hardcoded-credential
		Password: os.Getenv("REDIS_PASSWORD"),
	})
}

func Token() string {
	// ruleid: secret/hardcoded-credential
	apiToken := os.Getenv("API_TOKEN")
	return apiToken
}

// ok: secret/hardcoded-credential
const passwordEnv = "DB_PASSWORD"

// ok: secret/hardcoded-credential
var dbPassword = os.Getenv("DB_PASSWORD")
