# start_nginx ROOT PORT: static nginx inside the netns on 127.0.0.1:PORT (sourced by bench scripts).
start_nginx() {
    command -v nginx >/dev/null || bskip "nginx is missing (scripts/install-deps bench)"
    mkdir -p "$W/nginx"
    cat >"$W/nginx/nginx.conf" <<NGX
worker_processes auto;
pid $W/nginx/nginx.pid;
error_log $W/nginx-error.log;
daemon off;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on; tcp_nopush on; keepalive_requests 100000;
    types { text/plain ipxe; }
    default_type application/octet-stream;
    client_body_temp_path $W/nginx; proxy_temp_path $W/nginx; fastcgi_temp_path $W/nginx;
    uwsgi_temp_path $W/nginx; scgi_temp_path $W/nginx;
    server { listen 127.0.0.1:$2; root $1; }
}
NGX
    ip netns exec "$NS" nginx -c "$W/nginx/nginx.conf" -e "$W/nginx-error.log" >"$W/nginx.log" 2>&1 &
    NGINX_PID=$!; PIDS+=($NGINX_PID)
    bwait 10 X bash -c "exec 3<>/dev/tcp/127.0.0.1/$2" || { cat "$W/nginx.log"; echo "$BENCH_NAME: nginx did not start"; exit 1; }
}
