// Values are fake.
package main

import (
	"os"
	"fmt"
)

// ruleid: secret/provider-credential
var stripeKey = os.Getenv("STRIPE_SECRET_KEY")

// A constant cannot read the environment: reported without a quick fix.
// ruleid: secret/provider-credential
const githubToken = "ghp_UYdbsv3fbQD2WgYHQV5On4n1B8rdEkVYACJy"

func main() {
	// ok: secret/provider-credential
	fmt.Println("token prefix: ghp_")
	fmt.Println(stripeKey, githubToken)
}
