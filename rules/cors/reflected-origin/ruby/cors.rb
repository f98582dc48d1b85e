Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    # ruleid: cors/reflected-origin
    origins /.*/
    resource '*', headers: :any, methods: :any, credentials: true
  end

  allow do
    # ok: cors/reflected-origin
    origins %r{\Ahttps://[a-z0-9-]+\.example\.com\z}
    resource '/api/*', headers: :any, methods: :any
  end
end
