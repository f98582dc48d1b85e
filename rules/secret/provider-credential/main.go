// Values are fake.
package main

import (
	"fmt"
)

// ruleid: secret/provider-credential
var stripeKey = "sk_live_mbuqWivNiWEKuC710MCcj413bY5kzBOX"

// A constant cannot read the environment: reported without a quick fix.
// ruleid: secret/provider-credential
const githubToken = "ghp_UYdbsv3fbQD2WgYHQV5On4n1B8rdEkVYACJy"

func main() {
	// ok: secret/provider-credential
	fmt.Println("token prefix: ghp_")
	fmt.Println(stripeKey, githubToken)
}
